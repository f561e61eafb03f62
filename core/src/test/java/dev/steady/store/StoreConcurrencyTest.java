package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.audit.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One audit chain under concurrent writers (invariant 6): threads of one process, and separate
 * processes each with its own store connection, on SQLite (here) and PostgreSQL
 * ({@link StoreConcurrencyPostgresTest}). No entry is lost or duplicated, seq is contiguous (the
 * chain order is total) and verify passes.
 */
@Timeout(180)
class StoreConcurrencyTest extends StoreTestBase {

  @Test
  void eightThreadsAppending_keepOneChainWithoutGaps() throws Exception {
    try (Store store = openStore("threads.db")) {
      AuditLog log = new AuditLog(store, "t@ctl");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String host = "host-" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 200; i++) {
            log.append("exec", host, null, Map.of("i", i));
          }
          return null;
        }));
      }
      ExecutorService checker = Executors.newSingleThreadExecutor();
      Future<List<VerifyResult>> checks = checker.submit(() -> verifyUntilDone(log, done));
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      checker.shutdown();

      assertThat(checks.get(60, TimeUnit.SECONDS)).as("verify while appending").isNotEmpty()
          .allSatisfy(r -> assertThat(r.ok()).as(r.toString()).isTrue());
      assertThat(log.verify()).isEqualTo(new VerifyResult(true, 1600, null, null));
      assertThat(store.auditTail(1600, null)).extracting(AuditEntry::seq)
          .containsExactlyElementsOf(range(1, 1600));
    }
  }

  @Test
  void twoProcessesAppending_keepOneChainWithExactCount() throws Exception {
    appendFromProcesses(2, 500);
  }

  /** The case: 8 controllers appending 1,000 entries each to one store. */
  @Test
  void eightProcessesAppendingAThousandEach_loseNothing_andVerify() throws Exception {
    appendFromProcesses(8, 1000);
  }

  private void appendFromProcesses(int processes, int each) throws Exception {
    String db = storeUrl("procs.db");
    Stores.open(db).close();
    List<String> names = new ArrayList<>();
    List<Process> workers = new ArrayList<>();
    for (int p = 1; p <= processes; p++) {
      String name = "p" + p;
      names.add(name);
      workers.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
          AppendWorker.class.getName(), db, Integer.toString(each), name, dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + ".log").toFile())
          .start());
    }
    try {
      awaitFiles(names.stream().map(n -> dir.resolve(n + ".ready")).toArray(Path[]::new));
      long began = System.nanoTime();
      Files.writeString(dir.resolve("go"), "");
      for (int i = 0; i < workers.size(); i++) {
        Process p = workers.get(i);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("worker finished").isTrue();
        assertThat(p.exitValue()).as(log(names.get(i))).isZero();
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(java.util.Locale.ROOT, "audit appends on %s, %d processes x %d: %.0f/s%n",
          storeKind(), processes, each, processes * each / seconds);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
    int total = processes * each;
    try (Store store = Stores.open(db)) {
      assertThat(new AuditLog(store, "check@ctl").verify())
          .isEqualTo(new VerifyResult(true, total, null, null));
      List<AuditEntry> all = new ArrayList<>(total);
      store.forEachAudit(1, all::add);
      assertThat(all).extracting(AuditEntry::seq).containsExactlyElementsOf(range(1, total));
      assertThat(store.auditHead().seq()).isEqualTo(total);
      for (String name : names) {
        // each worker's entries are all there, once each, in the order it appended them
        assertThat(all).filteredOn(e -> name.equals(e.host())).extracting(AuditEntry::dataJson)
            .as(name).containsExactlyElementsOf(java.util.stream.IntStream.range(0, each)
                .mapToObj(i -> "{\"i\":" + i + "}").toList());
      }
      // Whether the processes' appends interleaved depends on scheduling (a loaded CI machine may
      // run them one after the other); the chain and the counts above must hold either way.
    }
  }

  private static List<VerifyResult> verifyUntilDone(AuditLog log, List<Future<?>> appenders) {
    List<VerifyResult> results = new ArrayList<>();
    do {
      results.add(log.verify());
    } while (!appenders.stream().allMatch(Future::isDone));
    return results;
  }

  private static void awaitFiles(Path... files) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Path f : files) {
      while (!Files.exists(f)) {
        assertThat(System.nanoTime()).as("worker ready before the deadline").isLessThan(deadline);
        Thread.sleep(5);
      }
    }
  }

  private String log(String worker) throws IOException {
    return Files.readString(dir.resolve(worker + ".log"));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<Long> range(long from, long to) {
    List<Long> all = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      all.add(i);
    }
    return all;
  }
}
