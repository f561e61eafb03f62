package dev.steady.store;

import dev.steady.plan.Plan;

/**
 * A separate process with a small heap (the test passes -Xmx32m): SOURCE TARGET ROWS. Builds a
 * SQLite store holding a plan of ROWS files, copies it to TARGET, streams the copy's files back and
 * prints one line. Holding the files in memory at any step would not fit that heap.
 */
public final class BigCopyWorker {

  private BigCopyWorker() {}

  public static void main(String[] args) {
    long rows = Long.parseLong(args[2]);
    String id;
    try (Store source = Stores.open(args[0])) {
      long draft = source.createDraft();
      BigPlanWorker.append(source, draft, rows);
      Plan plan = TestPlans.withId("b".repeat(64)); // any SHA-256-shaped id: the store does not recompute it
      source.sealDraft(draft, plan);
      id = plan.id();
    }
    long start = System.nanoTime();
    Copied copied = Stores.copy(args[0], args[1]);
    long copiedAt = System.nanoTime();
    long[] seen = {0, -1};
    try (Store target = Stores.open(args[1])) {
      target.forEachFile(target.draftOf(id), "web-01", f -> {
        if (f.seq() != seen[1] + 1) {
          throw new IllegalStateException("seq " + f.seq() + " after " + seen[1]);
        }
        seen[1] = f.seq();
        seen[0]++;
      });
    }
    System.out.printf("copied_files=%d streamed_files=%d copy_ms=%d max_heap_mb=%d%n", copied.tables().get("plan_files"), seen[0],
        (copiedAt - start) / 1_000_000, Runtime.getRuntime().maxMemory() >> 20);
  }
}
