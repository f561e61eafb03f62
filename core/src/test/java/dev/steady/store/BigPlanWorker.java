package dev.steady.store;

import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A separate process with a small heap (the test passes -Xmx64m): STORE ROWS. Appends ROWS files
 * in batches of 1000, streams them back, hashes the plan, and prints one line of measurements.
 * Holding the rows in memory would not fit that heap.
 */
public final class BigPlanWorker {

  private static final int BATCH = 1000;

  private BigPlanWorker() {}

  public static void main(String[] args) {
    long rows = Long.parseLong(args[1]);
    try (Store store = Stores.open(args[0])) {
      long draft = store.createDraft();
      long start = System.nanoTime();
      long bytes = append(store, draft, rows);
      long appended = System.nanoTime();
      long[] seen = {0, 0, -1};
      store.forEachFile(draft, "web-01", f -> {
        if (f.seq() != seen[2] + 1) {
          throw new IllegalStateException("seq " + f.seq() + " after " + seen[2]);
        }
        seen[2] = f.seq();
        seen[0]++;
        seen[1] += f.file().size();
      });
      long streamed = System.nanoTime();
      String id = PlanJson.id(header(rows, bytes), store, draft);
      long hashed = System.nanoTime();
      System.out.printf("rows=%d bytes=%d streamed_rows=%d streamed_bytes=%d append_ms=%d"
              + " rows_per_s=%d stream_ms=%d id_ms=%d id=%s max_heap_mb=%d%n",
          rows, bytes, seen[0], seen[1], ms(appended - start),
          rows * 1_000_000_000L / (appended - start), ms(streamed - appended),
          ms(hashed - streamed), id, Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  static long append(Store store, long draft, long rows) {
    long bytes = 0;
    List<FileEntry> batch = new ArrayList<>(BATCH);
    for (long i = 0; i < rows; i++) {
      byte[] path = String.format("/var/log/app/2025/03/01/app-%07d.log", i)
          .getBytes(StandardCharsets.UTF_8);
      batch.add(new FileEntry(path, i % 100_000, 1_700_000_000_000_000_000L + i, 100_000 + i, 64769));
      bytes += i % 100_000;
      if (batch.size() == BATCH || i == rows - 1) {
        store.appendFiles(draft, "web-01", batch);
        batch.clear();
      }
    }
    return bytes;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static Plan header(long rows, long bytes) {
    HostPlan host = new HostPlan("web-01", "/var/log/app", rows, bytes, rows, 0, 0, 0, 0,
        List.of(), List.of(), Map.of(), Map.of(), List.of());
    Plan plan = TestPlans.header(Map.of());
    return new Plan(null, null, plan.createdAt(), plan.expiresAt(), plan.author(), plan.target(),
        plan.criteria(), List.of(), List.of(host), rows, bytes);
  }
}
