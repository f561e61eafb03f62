package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AuditLog;
import dev.steady.audit.VerifyResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
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
      s.execute("DROP TABLE IF EXISTS audit, audit_head, flyway_schema_history");
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
}
