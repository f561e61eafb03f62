package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.run.Lease;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs and leases on PostgreSQL. Runs only when STEADY_TEST_POSTGRES_URL names a scratch database
 * (its steady tables are dropped first), e.g. {@code jdbc:postgresql://127.0.0.1/db?user=u}.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = "STEADY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RunPostgresTest {

  private final String url = System.getenv("STEADY_TEST_POSTGRES_URL");

  @TempDir Path dir;

  @BeforeEach
  void dropSteadyTables() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS run_rows, runs, leases, plan_results, plan_files, plans,"
          + " audit, audit_head, flyway_schema_history");
    }
  }

  @Test
  void lifecycle_transitionsAndLeases() {
    Instant t0 = Instant.parse("2025-03-01T10:00:00.123Z");
    try (Store store = Stores.open(url)) {
      store.createRun(RunStoreTest.run("r1", t0), RunStoreTest.rows("r1",
          List.of("web-02", "web-01"), List.of("restart")));
      store.createRun(RunStoreTest.run("r0", t0.minusSeconds(1)), List.of());
      store.transition("r1", "web-02", "restart", RowState.ACTING, null, "go", true, t0);
      store.transition("r1", "web-02", "restart", RowState.DONE, 0, null, false,
          t0.plusMillis(9));
      store.transition("r1", "web-01", "restart", RowState.FAILED, 3, "UNKNOWN", true, t0);
      store.finishRun("r1", "not_all_clear", false, t0.plusSeconds(1));
      store.reopenRun("r1", t0.plusSeconds(2));

      assertThat(store.rows("r1")).containsExactly(
          new RunRow("r1", "web-02", "restart", 0, RowState.DONE, 0, t0, t0.plusMillis(9), 1,
              "go"),
          new RunRow("r1", "web-01", "restart", 1, RowState.FAILED, 3, t0, t0, 1, "UNKNOWN"));
      assertThat(store.recentRuns(5)).extracting(RunInfo::id).containsExactly("r0", "r1");
      assertThat(store.findRun("r1").orElseThrow()).extracting(RunInfo::state, RunInfo::endedAt)
          .containsExactly("running", null);

      assertThat(store.acquireLeases("r1", "alice", List.of("web-01", "web-02"), t0)).isEmpty();
      assertThat(store.acquireLeases("r2", "bob", List.of("web-03", "web-02"), t0))
          .containsExactly(new Lease("web-02", "r1", "alice", t0, t0));
      assertThat(store.leases()).extracting(Lease::host).containsExactly("web-01", "web-02");
      store.releaseLeases("r1");
      assertThat(store.acquireLeases("r2", "bob", List.of("web-03", "web-02"), t0)).isEmpty();
    }
  }

  @Test
  void leases_racedByTwoThreadsAndTwoProcesses() throws Exception {
    RunLeaseRaceTest.race(url, dir);
  }

  @Test
  void transitions_throughput() throws Exception {
    try (Store store = Stores.open(url)) {
      double single = RunThroughputTest.measure(store, "single", 1);
      double twenty = RunThroughputTest.measure(store, "twenty", 20);
      System.out.printf(Locale.ROOT, "run transitions on PostgreSQL: 1 thread %.0f/s,"
          + " 20 threads %.0f/s%n", single, twenty);
      assertThat(single).isGreaterThan(100);
    }
  }
}
