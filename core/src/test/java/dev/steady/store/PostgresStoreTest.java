package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AuditLog;
import dev.steady.audit.VerifyResult;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlannedFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same store on PostgreSQL. Runs only when STEADY_TEST_POSTGRES_URL names a scratch database
 * (its steady tables are dropped first), e.g. {@code jdbc:postgresql://127.0.0.1/db?user=u}.
 */
@Timeout(60)
@EnabledIfEnvironmentVariable(named = "STEADY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresStoreTest {

  private final String url = System.getenv("STEADY_TEST_POSTGRES_URL");

  @BeforeEach
  void dropSteadyTables() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS run_rows, runs, leases, plan_results, plan_files, plans,"
          + " audit, audit_head, flyway_schema_history");
    }
  }

  @Test
  void migratesOnce_appendsFromThreads_andVerifyFindsAnEdit() throws Exception {
    try (JdbcStore store = (JdbcStore) Stores.open(url)) {
      assertThat(store.migrated()).isTrue();
    }
    try (JdbcStore store = (JdbcStore) Stores.open(url)) {
      assertThat(store.migrated()).isFalse();
      AuditLog log = new AuditLog(store, "pg@ctl");
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        String host = "h" + t;
        threads[t] = Thread.ofPlatform().start(() -> {
          for (int i = 0; i < 50; i++) {
            log.append("exec", host, "r1", Map.of("i", i, "x", 1.50));
          }
        });
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(log.verify()).isEqualTo(new VerifyResult(true, 200, null, null));
      assertThat(log.tail(3, "r1")).hasSize(3);

      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE audit SET run = 'r2' WHERE seq = 77");
      }
      VerifyResult result = log.verify();
      assertThat(result.firstBad()).isEqualTo(77);
      assertThat(result.reason()).isEqualTo("entry 77: hash does not match its content (edited?)");
    }
  }

  @Test
  void plans_appendStreamClaimOnce_andRecordResults() throws Exception {
    byte[] latin1 = {'/', 'l', 'o', 'g', '/', (byte) 0xe9};
    try (Store store = Stores.open(url)) {
      long draft = store.createDraft();
      List<FileEntry> batch = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        batch.add(TestPlans.file("/log/f" + i, i));
        if (batch.size() == 1000) {
          store.appendFiles(draft, "web-01", batch);
          batch.clear();
        }
      }
      store.appendFiles(draft, "web-02", List.of(TestPlans.file(latin1, 3)));
      long[] seen = {0, -1};
      store.forEachFile(draft, "web-01", f -> {
        assertThat(f.seq()).isEqualTo(seen[1] + 1);
        seen[1] = f.seq();
        seen[0]++;
      });
      assertThat(seen[0]).isEqualTo(5000);
      List<PlannedFile> web02 = new ArrayList<>();
      store.forEachFile(draft, "web-02", web02::add);
      assertThat(web02.get(0).file().path()).isEqualTo(latin1);
      store.deleteDraft(draft);

      Plan plan = TestPlans.seal(store, Map.of("web-01", List.of(TestPlans.file(latin1, 1))));
      assertThat(store.findPlan(plan.id().substring(0, 10))).contains(plan);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String run = "run-" + t;
        claims.add(pool.submit(() -> store.claimForApply(plan.id(), run, Instant.now())));
      }
      int won = 0;
      for (Future<Boolean> claim : claims) {
        won += claim.get() ? 1 : 0;
      }
      pool.shutdown();
      assertThat(won).isEqualTo(1);
      store.recordFileResults(plan.id(), "web-01", List.of(new FileResult(0, FileResult.DELETED, null)));
      List<FileResult> results = new ArrayList<>();
      store.forEachFileResult(plan.id(), "web-01", results::add);
      assertThat(results).containsExactly(new FileResult(0, FileResult.DELETED, null));
      PlanState state = store.planState(plan.id());
      store.finishApply(plan.id(), state.run(), Instant.now());
      assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.APPLIED);
    }
  }
}
