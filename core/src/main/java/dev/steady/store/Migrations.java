package dev.steady.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema's versions. Opening a store that is already at {@link #LATEST} costs one query;
 * only an older or new database loads Flyway ({@link FlywayMigrator}).
 */
final class Migrations {

  static final String LOCATION = "db/migration";

  /** Every script under {@code db/migration}, oldest first; a test checks it against the folder. */
  static final List<String> SCRIPTS = List.of("V1__audit.sql", "V2__plans.sql", "V3__runs.sql", "V4__accounts.sql", "V5__audit_host.sql",
      "V6__store_id.sql", "V8__exactly_once.sql", "V9__allocated.sql", "V10__run_outputs.sql");

  /** The version of the last script. */
  static final String LATEST = "10";

  private Migrations() {}

  /** Brings the schema to {@link #LATEST}; returns whether Flyway had to run. */
  static boolean ensureCurrent(ConnectionPool pool, Dialect dialect) throws SQLException {
    if (isCurrent(pool)) {
      return false;
    }
    try {
      FlywayMigrator.migrate(new ConnectionSource(pool), dialect);
    } catch (RuntimeException e) {
      if (!isCurrent(pool)) { // another process may have migrated it meanwhile
        throw e;
      }
    }
    return true;
  }

  static boolean isCurrent(ConnectionPool pool) throws SQLException {
    Connection c = pool.take();
    boolean healthy = true;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT COUNT(*) FROM flyway_schema_history WHERE version = ? AND success = ?")) {
      s.setString(1, LATEST);
      s.setBoolean(2, true);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) > 0;
      }
    } catch (SQLException noHistoryYet) {
      healthy = false;
      return false;
    } finally {
      pool.give(c, healthy);
    }
  }
}
