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
 * Records apply results as the agent reports them: in storage (per file, batched) and in the audit
 * log (one entry per batch with the SHA-256 of the deleted paths and every drift reason), and keeps
 * the counts for the report. Results arrive in plan order; files in flight are remembered only
 * until their result arrives.
 *
 * <p>A batch is written once it holds {@value #BATCH} results and {@value #FLUSH_MILLIS} ms have
 * passed since the last one, or at {@value #BATCH_MAX} results, and always at the end or on a
 * failure: a slow apply still stores every thousand results, a fast one (tens of thousands of
 * files a second) writes a few batches a second instead of dozens, since each batch costs an audit
 * entry and a transaction on the thread that reads the agent's answers. Only a controller killed
 * outright loses the results of the batch being filled; resume then reports those files "gone".
 */
final class ResultRecorder {

  private static final int BATCH = 1000;
  private static final int BATCH_MAX = 10_000;
  private static final long FLUSH_MILLIS = 200;
  private static final int KEEP_DRIFTS = 1000;
  private final String planId;
  private final String host;
  private final String run;
  private final PlanStorage storage;
  private final AuditLog audit;
  private final ApplyListener listener;
  private final ConcurrentLinkedQueue<PlannedFile> inFlight = new ConcurrentLinkedQueue<>();
  private final List<FileResult> batch = new ArrayList<>();
  private final List<Drift> batchDrifts = new ArrayList<>();
  private final List<Drift> drifted = new ArrayList<>();
  private final List<Drift> failed = new ArrayList<>();
  private MessageDigest deletedPaths = sha256();
  private long deleted;
  private long bytesFreed;
  private long driftedCount;
  private long failedCount;
  private long handled;
  private long flushedAt = System.nanoTime();

  ResultRecorder(String planId, String host, String run, PlanStorage storage, AuditLog audit, ApplyListener listener) {
    this.planId = planId;
    this.host = host;
    this.run = run;
    this.storage = storage;
    this.audit = audit;
    this.listener = listener;
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

  synchronized void record(FileResult result) {
    PlannedFile file = inFlight.poll();
    if (file == null || file.seq() != result.seq()) {
      throw new IllegalStateException("agent on " + host + " answered for file " + result.seq() + " but "
          + (file == null ? "none" : file.seq()) + " was next; stopping");
    }
    batch.add(result);
    handled++;
    switch (result.outcome()) {
      case FileResult.DELETED -> {
        deleted++;
        bytesFreed += file.file().size();
        deletedPaths.update(file.file().path());
        deletedPaths.update((byte) 0);
      }
      case FileResult.DRIFTED -> driftedCount += note(drifted, new Drift(file.file().displayPath(), result.reason()));
      default -> failedCount += note(failed, new Drift(file.file().displayPath(), result.reason()));
    }
    if (batch.size() >= BATCH_MAX || batch.size() >= BATCH && System.nanoTime() - flushedAt >= FLUSH_MILLIS * 1_000_000) {
      flush();
    }
  }

  private long note(List<Drift> list, Drift drift) {
    if (list.size() < KEEP_DRIFTS) {
      list.add(drift);
    }
    batchDrifts.add(drift);
    return 1;
  }

  synchronized void flush() {
    flushedAt = System.nanoTime();
    if (batch.isEmpty()) {
      return;
    }
    storage.recordFileResults(planId, host, List.copyOf(batch));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("run", run);
    data.put("from_seq", batch.getFirst().seq());
    data.put("to_seq", batch.getLast().seq());
    data.put("deleted", batch.stream().filter(r -> r.outcome().equals(FileResult.DELETED)).count());
    data.put("deleted_paths_sha256", HexFormat.of().formatHex(deletedPaths.digest()));
    data.put("not_deleted", batchDrifts.stream().map(d -> Map.of("path", d.path(), "reason", d.reason())).toList());
    audit.append("apply.files", host, planId, data);
    batch.clear();
    batchDrifts.clear();
    deletedPaths = sha256();
    listener.progress(host, handled, bytesFreed);
  }

  HostApplied finish(long freeBytesAfter, String interruption) {
    String state = interruption != null ? "interrupted" : driftedCount + failedCount == 0 ? "done" : "drifted";
    return new HostApplied(host, state, deleted, bytesFreed, drifted, driftedCount, failed, failedCount, freeBytesAfter,
        interruption == null ? "" : interruption);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

}
