package dev.steady.cleanup;

import dev.steady.audit.AuditLog;
import dev.steady.plan.ApplyListener;
import dev.steady.plan.Drift;
import dev.steady.plan.FileResult;
import dev.steady.plan.HostApplied;
import dev.steady.plan.PlanStorage;
import dev.steady.plan.PlannedFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records one host's apply results as the agent reports them: in storage, and in the audit log (one
 * entry per batch with the SHA-256 of the deleted paths and every drift reason); keeps the counts for
 * the report. Results arrive in plan order; files in flight are remembered only until their result
 * arrives.
 *
 * <p>Results are committed by a thread of their own, in groups of a quarter of the {@link
 * RecordWindow} (or what arrived within {@value #LINGER_MICROS} µs), and only then is their room in
 * the window freed. So the agent never runs more than {@link RecordWindow#FILES} files ahead of the
 * store, works on the rest of the window while a group is committed, and the thread reading its
 * answers never waits on a commit. The audit entry of a
 * batch follows its results once it holds {@value #BATCH} results and {@value #FLUSH_MILLIS} ms have
 * passed, or at {@value #BATCH_MAX}, and at the end: a few entries a second, not one per commit.
 *
 * <p>When a write fails, the window is stopped (the {@link Halt} stops the other hosts): no further
 * record leaves; the results that still arrive are counted for the report but not stored.
 */
final class ResultRecorder {

  private static final int BATCH = 1000;
  private static final int BATCH_MAX = 10_000;
  private static final long FLUSH_MILLIS = 200;
  private static final int KEEP_DRIFTS = 1000;
  private static final int COMMIT = RecordWindow.FILES / 4;
  private static final long LINGER_MICROS = 2000;
  private final String planId;
  private final String host;
  private final String run;
  private final PlanStorage storage;
  private final AuditLog audit;
  private final ApplyListener listener;
  private final RecordWindow window;
  private final Halt halt;
  private final ConcurrentLinkedQueue<PlannedFile> inFlight = new ConcurrentLinkedQueue<>();
  private final List<Handled> pending = new ArrayList<>();
  private final List<Drift> drifted = new ArrayList<>();
  private final List<Drift> failed = new ArrayList<>();
  private final AuditBatch auditBatch = new AuditBatch();
  private final Thread committer;
  private boolean finishing;
  private long deleted;
  private long bytesFreed;
  private long spaceFreed;
  private long driftedCount;
  private long failedCount;
  private volatile long recordedDeleted;
  private volatile long recorded;
  private volatile StoreFailed failure;

  /** A result with its file, waiting to be committed. */
  private record Handled(FileResult result, PlannedFile file) {}

  ResultRecorder(String planId, String host, String run, PlanStorage storage, AuditLog audit, ApplyListener listener,
      RecordWindow window, Halt halt) {
    this.planId = planId;
    this.host = host;
    this.run = run;
    this.storage = storage;
    this.audit = audit;
    this.listener = listener;
    this.window = window;
    this.halt = halt;
    this.committer = Thread.ofVirtual().name("steady-record-" + host).start(this::commitLoop);
  }

  /** Wraps the planned files so each one sent to the host is remembered until its result arrives. */
  Iterator<PlannedFile> track(Iterator<PlannedFile> files) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return files.hasNext();
      }

      @Override
      public PlannedFile next() {
        PlannedFile file = files.next();
        inFlight.add(file);
        return file;
      }
    };
  }

  /** One result, on the thread reading the agent's answers: counted now, committed soon. */
  void record(FileResult result) {
    PlannedFile file = inFlight.poll();
    if (file == null || file.seq() != result.seq()) {
      throw new IllegalStateException("agent on " + host + " answered for file " + result.seq() + " but "
          + (file == null ? "none" : file.seq()) + " was next; stopping");
    }
    synchronized (this) {
      switch (result.outcome()) {
        case FileResult.DELETED -> {
          deleted++;
          bytesFreed += file.file().size();
          spaceFreed += file.file().spaceOnDisk();
        }
        case FileResult.DRIFTED -> driftedCount += note(drifted, new Drift(file.file().displayPath(), result.reason()));
        default -> failedCount += note(failed, new Drift(file.file().displayPath(), result.reason()));
      }
      pending.add(new Handled(result, file));
      if (pending.size() == COMMIT) {
        notifyAll();
      }
    }
  }

  private static long note(List<Drift> list, Drift drift) {
    if (list.size() < KEEP_DRIFTS) {
      list.add(drift);
    }
    return 1;
  }

  private void commitLoop() {
    try {
      for (List<Handled> batch; (batch = next()) != null; ) {
        storage.recordFileResults(planId, host, batch.stream().map(Handled::result).toList());
        window.recorded(batch.size());
        recorded += batch.size();
        recordedDeleted += batch.stream().filter(h -> h.result().outcome().equals(FileResult.DELETED)).count();
        auditBatch.add(batch);
        if (auditBatch.due()) {
          auditBatch.append();
        }
      }
      auditBatch.append();
    } catch (RuntimeException e) {
      failure = new StoreFailed(e);
      window.stop(failure);
      halt.stop(failure);
    }
  }

  /**
   * The next group to commit: a quarter of the window as soon as it is there, else what arrived once
   * {@value #LINGER_MICROS} µs have passed without reaching that; null once finishing and none is
   * left. A group never waits for the agent: with the window full, it holds three quarters in flight.
   */
  private synchronized List<Handled> next() {
    long deadline = System.nanoTime() + LINGER_MICROS * 1000;
    while (!finishing && pending.size() < COMMIT) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        if (!pending.isEmpty()) {
          break;
        }
        deadline = System.nanoTime() + LINGER_MICROS * 1000;
        left = LINGER_MICROS * 1000;
      }
      try {
        wait(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    if (pending.isEmpty()) {
      return null;
    }
    List<Handled> group = pending.subList(0, Math.min(COMMIT, pending.size()));
    List<Handled> batch = List.copyOf(group);
    group.clear();
    return batch;
  }

  /** Waits until every result delivered so far is committed (or the store failed); idempotent. */
  void drain() {
    synchronized (this) {
      finishing = true;
      notifyAll();
    }
    try {
      committer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletions of this apply whose result is committed. */
  long recordedDeleted() {
    return recordedDeleted;
  }

  /** Commits what is left, then the host's result; {@code interruption} non-null when the host did not finish. */
  HostApplied finish(long freeBytesAfter, String interruption) {
    return finish(-1, freeBytesAfter, interruption);
  }

  /** {@link #finish(long, String)} with the free space measured right before the first deletion. */
  HostApplied finish(long freeBytesBefore, long freeBytesAfter, String interruption) {
    drain();
    halt.recorded(recordedDeleted);
    if (interruption == null && failure != null) {
      interruption = "store failed (" + failure.getMessage() + "): the last results could not be recorded";
    }
    synchronized (this) {
      String state = interruption != null ? "interrupted" : driftedCount + failedCount == 0 ? "done" : "drifted";
      return new HostApplied(host, state, deleted, bytesFreed, drifted, driftedCount, failed, failedCount, freeBytesAfter,
          interruption == null ? "" : interruption, spaceFreed, freeBytesBefore);
    }
  }

  /** The audit entry of the results committed since the last one. */
  private final class AuditBatch {
    private final List<FileResult> results = new ArrayList<>();
    private final List<Drift> drifts = new ArrayList<>();
    private MessageDigest deletedPaths = sha256();
    private long appendedAt = System.nanoTime();

    void add(List<Handled> batch) {
      for (Handled h : batch) {
        results.add(h.result());
        if (h.result().outcome().equals(FileResult.DELETED)) {
          deletedPaths.update(h.file().file().path());
          deletedPaths.update((byte) 0);
        } else {
          drifts.add(new Drift(h.file().file().displayPath(), h.result().reason()));
        }
      }
    }

    boolean due() {
      return results.size() >= BATCH_MAX || results.size() >= BATCH && System.nanoTime() - appendedAt >= FLUSH_MILLIS * 1_000_000;
    }

    void append() {
      appendedAt = System.nanoTime();
      if (results.isEmpty()) {
        return;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("run", run);
      data.put("from_seq", results.getFirst().seq());
      data.put("to_seq", results.getLast().seq());
      data.put("deleted", results.stream().filter(r -> r.outcome().equals(FileResult.DELETED)).count());
      data.put("deleted_paths_sha256", HexFormat.of().formatHex(deletedPaths.digest()));
      data.put("not_deleted", drifts.stream().map(d -> Map.of("path", d.path(), "reason", d.reason())).toList());
      audit.append("apply.files", host, planId, data);
      results.clear();
      drifts.clear();
      deletedPaths = sha256();
      listener.progress(host, recorded, bytesFreedSoFar());
    }
  }

  private synchronized long bytesFreedSoFar() {
    return bytesFreed;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }
}
