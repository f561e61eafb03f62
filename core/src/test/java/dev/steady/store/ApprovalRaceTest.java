package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.approval.Approvals;
import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Four eyes: two engineers approving the same plan at the same moment — one approval, one refusal. */
@Timeout(60)
class ApprovalRaceTest extends StoreTestBase {

  @Test
  void approve_racedByTwoThreadsAndTwoProcesses_isGrantedExactlyOnce_andEveryAttemptAudited() throws Exception {
    String db = storeUrl("race.db");
    String subject = Approvals.plan("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    try (Store store = Stores.open(db)) {
      Approvals approvals = new Approvals(store, new AuditLog(store, "threads@ctl"), Clock.systemUTC());
      approvals.require(subject, "alice@laptop");
      List<Process> workers = new ArrayList<>();
      for (String approver : List.of("proc1", "proc2")) {
        workers.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
            ApproveWorker.class.getName(), db, subject, approver, dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(approver + ".log").toFile())
            .start());
      }
      ExecutorService threads = Executors.newFixedThreadPool(2);
      List<Future<Boolean>> inProcess = new ArrayList<>();
      for (String approver : List.of("thread1", "thread2")) {
        inProcess.add(threads.submit(() -> {
          ClaimWorker.awaitGo(dir);
          try {
            approvals.approve(subject, approver);
            return true;
          } catch (SteadyException refused) {
            return false;
          }
        }));
      }
      awaitFiles(dir.resolve("proc1.ready"), dir.resolve("proc2.ready"));
      Files.writeString(dir.resolve("go"), "");

      List<String> winners = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        if (inProcess.get(i).get(30, TimeUnit.SECONDS)) {
          winners.add("thread" + (i + 1));
        }
      }
      threads.shutdown();
      for (int i = 0; i < 2; i++) {
        String approver = "proc" + (i + 1);
        assertThat(workers.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(workers.get(i).exitValue()).as(Files.readString(dir.resolve(approver + ".log"))).isZero();
        if (Boolean.parseBoolean(Files.readString(dir.resolve(approver + ".result")))) {
          winners.add(approver);
        }
      }

      assertThat(winners).hasSize(1);
      assertThat(store.approval(subject).orElseThrow().approver()).isEqualTo(winners.get(0));
      List<AuditEntry> log = store.auditTail(20, null);
      assertThat(log).filteredOn(e -> e.action().equals("approval.granted")).singleElement()
          .satisfies(e -> assertThat(e.dataJson()).contains("\"approver\":\"" + winners.get(0) + "\""));
      assertThat(log).filteredOn(e -> e.action().equals("approval.refused")).hasSize(3);
      assertThat(new AuditLog(store, "x").verify().ok()).isTrue();
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
