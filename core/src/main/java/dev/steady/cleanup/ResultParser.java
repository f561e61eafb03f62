package dev.steady.cleanup;

import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A push parser for the delete agent's answers ({@code seq\0D\0}, {@code seq\0S\0reason\0},
 * {@code seq\0F\0reason\0}): matches each to the file sent in that position and hands the result on
 * at once, so a caller can record it before the next one arrives.
 */
final class ResultParser extends OutputStream {

  private final PlanFeed feed;
  private final Queue<PlanFeed.InFlight> sent;
  private final Consumer<FileResult> each;
  private final Field field = new Field();
  private PlanFeed.InFlight inFlight;
  private PlannedFile current;
  private char kind;
  private long deleted;
  private long deletedBytes;
  private long drifted;
  private long failed;
  private volatile RuntimeException callerFailure;

  ResultParser(PlanFeed feed, Consumer<FileResult> each) {
    this.feed = feed;
    this.sent = feed.sent();
    this.each = each;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    for (int i = off; i < end; ) {
      int next = field.take(b, i, end);
      if (next < 0) {
        return;
      }
      i = next;
      fieldDone();
      field.clear();
    }
  }

  private void fieldDone() throws IOException {
    if (current == null) {
      inFlight = sent.poll();
      current = inFlight == null ? null : inFlight.file();
      if (current == null || !(current.seq() >= 0 ? field.isDecimal(current.seq()) : field.text().equals(Long.toString(current.seq())))) {
        throw new IOException("the delete agent answered for '" + field.text() + "' but "
            + (current == null ? "no file was pending" : "file " + current.seq() + " was next"));
      }
    } else if (kind == 0) {
      int single = field.single();
      kind = single < 0 ? '?' : (char) single;
      if (kind == 'D') {
        deleted++;
        deletedBytes += current.file().size();
        deliver(FileResult.DELETED, null);
      } else if (kind != 'S' && kind != 'F') {
        throw new IOException("the delete agent answered '" + field.text() + "' for file " + current.seq());
      }
    } else {
      String reason = dev.steady.plan.FileEntry.display(field.bytes());
      if (kind == 'S') {
        drifted++;
        deliver(FileResult.DRIFTED, reason);
      } else {
        failed++;
        deliver(FileResult.FAILED, reason);
      }
    }
  }

  private void deliver(String outcome, String reason) throws IOException {
    FileResult result = new FileResult(current.seq(), outcome, reason);
    current = null;
    kind = 0;
    feed.answered(inFlight);
    try {
      each.accept(result);
    } catch (RuntimeException e) {
      callerFailure = e;
      throw new IOException("the caller could not take the result of file " + result.seq(), e);
    }
  }

  /** What the caller's consumer threw, if it did. */
  RuntimeException callerFailure() {
    return callerFailure;
  }

  /** True when every file sent has its answer and no answer is half read. */
  boolean complete() {
    return current == null && field.isEmpty() && sent.isEmpty();
  }

  Outcome outcome(long freeBytesBefore, long freeBytesAfter) {
    return new Outcome(deleted, deletedBytes, drifted, failed, freeBytesAfter, freeBytesBefore);
  }
}
