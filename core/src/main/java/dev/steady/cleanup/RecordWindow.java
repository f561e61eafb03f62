package dev.steady.cleanup;

import java.util.concurrent.Semaphore;

/**
 * How far a host's delete agent may run ahead of what the controller has durably recorded: at most
 * {@link #FILES} records leave for the host beyond those whose results were recorded. The agent
 * cannot delete a file it was not sent, so whatever happens to the controller or its store (killed,
 * disk full, database gone), at most {@link #FILES} files per host are deleted without their result
 * in the store; resume then finds them "gone" (invariants 3 and 5).
 *
 * <p>An apply releases room only once results are committed ({@link #recorded}); a bare {@link
 * DeleteFiles} call, whose caller keeps results in memory, releases it as each answer is delivered.
 * {@link #stop} ends the feed at once: no further record leaves.
 *
 * <p>Why 256: a few seconds of an operator's "what exactly was deleted" at worst, listed by resume
 * as "gone". Throughput is the window over the time a record takes to go out, be deleted, come back
 * and be committed; {@link ResultRecorder} commits a quarter of the window at a time, so the agent
 * works on three quarters while one is committed. On the shared 2-CPU bench machine 256 and 1024 gave
 * the same apply time within the noise (bench/RESULTS.md), so the smaller bound was kept.
 */
final class RecordWindow {

  /** W: files sent to one host beyond those whose results are recorded. */
  static final int FILES = 256;

  private static final int WAKE = 1 << 24;
  private final Semaphore room = new Semaphore(FILES);
  private final boolean releaseOnAnswer;
  private volatile RuntimeException stopped;

  private RecordWindow(boolean releaseOnAnswer) {
    this.releaseOnAnswer = releaseOnAnswer;
  }

  /** Room comes back when the caller has the answer in hand (nothing durable behind it). */
  static RecordWindow untilAnswered() {
    return new RecordWindow(true);
  }

  /** Room comes back only through {@link #recorded}: after the results are committed. */
  static RecordWindow untilRecorded() {
    return new RecordWindow(false);
  }

  /** Room for one more record without waiting; false when full or stopped. */
  boolean tryTake() {
    return stopped == null && room.tryAcquire() && stopped == null;
  }

  /** Waits for room for one more record; false when stopped meanwhile (send nothing more). */
  boolean take() throws InterruptedException {
    if (stopped != null) {
      return false;
    }
    room.acquire();
    return stopped == null;
  }

  /** The agent answered for one file. */
  void answered() {
    if (releaseOnAnswer) {
      room.release();
    }
  }

  /** {@code files} results are durably recorded: that many more records may leave. */
  void recorded(int files) {
    room.release(files);
  }

  /** No further record leaves; {@code why} says why (the first reason stands). */
  synchronized void stop(RuntimeException why) {
    if (stopped == null) {
      stopped = why;
      room.release(WAKE);
    }
  }

  /** Why the feed was stopped, or null. */
  RuntimeException stopped() {
    return stopped;
  }
}
