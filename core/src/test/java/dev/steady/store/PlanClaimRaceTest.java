package dev.steady.store;

import static dev.steady.store.TestPlans.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Invariant 4: a plan is claimed for apply once, even by threads and processes racing. */
@Timeout(60)
class PlanClaimRaceTest extends StoreTestBase {

  @Test
  void claimForApply_racedByTwoThreadsAndTwoProcesses_isWonByExactlyOne() throws Exception {
    String db = storeUrl("race.db");
    try (Store store = Stores.open(db)) {
      Plan plan = TestPlans.seal(store, Map.of("web-01", List.of(file("/log/a", 1))));
      List<Process> workers = new ArrayList<>();
      for (String run : List.of("proc-1", "proc-2")) {
        workers.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
            ClaimWorker.class.getName(), db, plan.id(), run, dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(run + ".log").toFile())
            .start());
      }
      ExecutorService threads = Executors.newFixedThreadPool(2);
      List<Future<Boolean>> inProcess = new ArrayList<>();
      for (String run : List.of("thread-1", "thread-2")) {
        inProcess.add(threads.submit(() -> {
          ClaimWorker.awaitGo(dir);
          return store.claimForApply(plan.id(), run, Instant.now());
        }));
      }
      awaitFiles(dir.resolve("proc-1.ready"), dir.resolve("proc-2.ready"));
      Files.writeString(dir.resolve("go"), "");

      List<String> winners = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        if (inProcess.get(i).get(30, TimeUnit.SECONDS)) {
          winners.add("thread-" + (i + 1));
        }
      }
      threads.shutdown();
      for (int i = 0; i < 2; i++) {
        String run = "proc-" + (i + 1);
        assertThat(workers.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(workers.get(i).exitValue()).as(Files.readString(dir.resolve(run + ".log")))
            .isZero();
        if (Boolean.parseBoolean(Files.readString(dir.resolve(run + ".result")))) {
          winners.add(run);
        }
      }

      assertThat(winners).hasSize(1);
      PlanState state = store.planState(plan.id());
      assertThat(state.state()).isEqualTo(PlanState.APPLYING);
      assertThat(state.run()).isEqualTo(winners.get(0));
    }
  }

  private static void awaitFiles(Path... files) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Path f : files) {
      while (!Files.exists(f)) {
        assertThat(System.nanoTime()).as("worker ready before the deadline").isLessThan(deadline);
        Thread.sleep(5);
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
