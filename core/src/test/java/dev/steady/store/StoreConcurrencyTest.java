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
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class StoreConcurrencyTest {

  @TempDir Path dir;

  @Test
  void eightThreadsAppending_keepOneChainWithoutGaps() throws Exception {
    Path db = dir.resolve("threads.db");
    try (Store store = Stores.open(db.toString())) {
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
    Path db = dir.resolve("procs.db");
    Stores.open(db.toString()).close();
    List<Process> workers = new ArrayList<>();
    for (String name : List.of("p1", "p2")) {
      workers.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
          AppendWorker.class.getName(), db.toString(), "500", name, dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + ".log").toFile())
          .start());
    }
    awaitFiles(dir.resolve("p1.ready"), dir.resolve("p2.ready"));
    Files.writeString(dir.resolve("go"), "");
    for (int i = 0; i < workers.size(); i++) {
      Process p = workers.get(i);
      assertThat(p.waitFor(75, TimeUnit.SECONDS)).as("worker finished").isTrue();
      assertThat(p.exitValue()).as(log(i)).isZero();
    }
    try (Store store = Stores.open(db.toString())) {
      assertThat(new AuditLog(store, "check@ctl").verify())
          .isEqualTo(new VerifyResult(true, 1000, null, null));
      List<AuditEntry> all = store.auditTail(1000, null);
      assertThat(all).filteredOn(e -> "p1".equals(e.host())).hasSize(500);
      assertThat(all).filteredOn(e -> "p2".equals(e.host())).hasSize(500);
      // Whether the two processes' appends interleaved depends on scheduling (a loaded CI machine may
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

  private String log(int worker) throws IOException {
    return Files.readString(dir.resolve("p" + (worker + 1) + ".log"));
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
