package dev.steady.store;

import dev.steady.audit.AuditChain;
import dev.steady.run.ActionOutput;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The heads of what run commands printed (V10__run_outputs.sql): apart from the audit chain, which
 * keeps their digests, because output may hold secrets. A second write of the same start is ignored.
 */
final class JdbcOutputs {

  private static final String COLUMNS = "run, host, step, attempt, exit_status, stdout, stdout_kept, stdout_bytes,"
      + " stderr, stderr_kept, stderr_bytes, at";
  private final Sql sql;
  private final ReentrantLock writeLock;

  JdbcOutputs(Sql sql, ReentrantLock writeLock) {
    this.sql = sql;
    this.writeLock = writeLock;
  }

  void keep(ActionOutput o) {
    boolean queue = sql.dialect() == Dialect.SQLITE; // SQLite writers queue here, as JdbcRuns' do
    if (queue) {
      writeLock.lock();
    }
    try {
      sql.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO run_outputs (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run, host, step, attempt) DO NOTHING")) {
          s.setString(1, o.run());
          s.setString(2, o.host());
          s.setString(3, o.step());
          s.setInt(4, o.attempt());
          if (o.exitStatus() == null) {
            s.setNull(5, Types.INTEGER);
          } else {
            s.setInt(5, o.exitStatus());
          }
          head(s, 6, o.stdout());
          head(s, 9, o.stderr());
          s.setString(12, AuditChain.formatAt(o.at()));
          return s.executeUpdate();
        }
      });
    } finally {
      if (queue) {
        writeLock.unlock();
      }
    }
  }

  List<ActionOutput> of(String run, String host) {
    List<ActionOutput> found = new ArrayList<>();
    sql.stream("SELECT " + COLUMNS + " FROM run_outputs WHERE run = ? AND host = ? ORDER BY step, attempt", s -> {
      s.setString(1, run);
      s.setString(2, host);
    }, r -> found.add(output(r)));
    return List.copyOf(found);
  }

  private static void head(PreparedStatement s, int at, ActionOutput.Head head) throws SQLException {
    s.setString(at, head.text());
    s.setLong(at + 1, head.keptBytes());
    s.setLong(at + 2, head.totalBytes());
  }

  private static ActionOutput output(ResultSet r) throws SQLException {
    int exit = r.getInt(5);
    Integer exitStatus = r.wasNull() ? null : exit;
    return new ActionOutput(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), exitStatus,
        new ActionOutput.Head(r.getString(6), r.getLong(7), r.getLong(8)), new ActionOutput.Head(r.getString(9), r.getLong(10), r.getLong(11)),
        AuditChain.parseAt(r.getString(12)));
  }
}
