package dev.steady.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The schema version a database is at, read from Flyway's history; null for no steady schema. */
final class SchemaVersion {

  private static final String HISTORY = "flyway_schema_history";

  private SchemaVersion() {}

  static String read(Connection c) throws SQLException {
    if (!hasTable(c, HISTORY)) {
      return null;
    }
    try (PreparedStatement s = c.prepareStatement(
        "SELECT version FROM " + HISTORY + " WHERE success = ? AND version IS NOT NULL")) {
      s.setBoolean(1, true);
      String newest = null;
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (newest == null || compare(r.getString(1), newest) > 0) {
            newest = r.getString(1);
          }
        }
      }
      return newest;
    }
  }

  /** Compares dotted versions numerically: 10 is newer than 9. */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  static boolean hasTable(Connection c, String table) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    try (ResultSet r = meta.getTables(null, c.getSchema(), table, new String[] {"TABLE"})) {
      return r.next();
    }
  }
}
