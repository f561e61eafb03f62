package dev.steady.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Edits a SQLite store behind steady's back, as someone with the file and sqlite3 could. */
final class Tamper {

  private Tamper() {}

  static void sql(Path db, String sql, Object... args) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Swaps every column but seq between two rows, as a reorder would. */
  static void swapContents(Path db, long a, long b) {
    String cols = "at, actor, action, host, run, data, prev_hash, hash";
    sql(db, "CREATE TABLE swap AS SELECT seq, " + cols + " FROM audit WHERE seq IN (?, ?)", a, b);
    sql(db, "UPDATE audit SET (" + cols + ") = (SELECT " + cols + " FROM swap WHERE swap.seq = "
        + "CASE audit.seq WHEN ? THEN ? ELSE ? END) WHERE seq IN (?, ?)", a, b, a, a, b);
    sql(db, "DROP TABLE swap");
  }
}
