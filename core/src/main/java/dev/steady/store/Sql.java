package dev.steady.store;

import dev.steady.failure.StoreUnreachable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The connections of one store, lent for one unit of work: a write transaction, a query, or a
 * streamed query whose rows are handed out one at a time. SQL failures become a {@link
 * StoreException} that names the store, or a {@link StoreUnreachable} when the database is away.
 */
final class Sql {

  /** Fetch size of streamed queries: rows held in memory at once (PostgreSQL). */
  static final int FETCH = 1000;

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  interface Rows {
    void accept(ResultSet r) throws SQLException;
  }

  private final StoreLocation location;
  private final ConnectionPool pool;

  Sql(StoreLocation location, ConnectionPool pool) {
    this.location = location;
    this.pool = pool;
  }

  Dialect dialect() {
    return location.dialect();
  }

  String display() {
    return location.display();
  }

  <T> T withConnection(Work<T> work) {
    Connection c;
    try {
      c = pool.take();
    } catch (SQLException e) {
      throw failure(e);
    }
    boolean healthy = false;
    try {
      T result = work.run(c);
      healthy = true;
      return result;
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      pool.give(c, healthy);
    }
  }

  /** Runs {@code work} in one write transaction: all of it is stored, or none of it. */
  <T> T inTransaction(Work<T> work) {
    Dialect dialect = dialect();
    return withConnection(c -> {
      dialect.beginWrite(c);
      try {
        T result = work.run(c);
        dialect.commit(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          dialect.rollback(c);
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    });
  }

  /** Streams the rows of {@code query} to {@code rows} through a cursor: never all in memory. */
  void stream(String query, Binder binder, Rows rows) {
    Dialect dialect = dialect();
    withConnection(c -> {
      dialect.beginStream(c);
      try (PreparedStatement s = c.prepareStatement(query)) {
        s.setFetchSize(FETCH);
        binder.bind(s);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.accept(r);
          }
        }
      } finally {
        dialect.endStream(c);
      }
      return null;
    });
  }

  /** The failure as an exception naming the store: {@link StoreUnreachable} when it may pass. */
  RuntimeException failure(SQLException e) {
    if (locked(e)) {
      return new StoreUnreachable("store " + location.display() + " stayed locked by another process for "
          + Dialect.BUSY_TIMEOUT_MS / 1000 + " s: a steady stopped with Ctrl-Z or SIGSTOP, or hung, holds its write lock"
          + " (find it with `fuser " + location.display() + "`); try again once it has gone on or ended", e);
    }
    String message = "store " + location.display() + ": " + oneLine(e);
    return unreachable(e) ? new StoreUnreachable(message, e) : new StoreException(message, e);
  }

  /** SQLite's SQLITE_BUSY (5) or SQLITE_LOCKED (6) after its busy timeout: another connection holds the write lock. */
  static boolean locked(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && (s.getErrorCode() == 5 || s.getErrorCode() == 6
          || String.valueOf(s.getMessage()).startsWith("[SQLITE_BUSY]"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Connection failures (SQLSTATE class 08), a server shutting down or starting up (57P), too many
   * connections (53300): the database is away, not wrong; the same statement may succeed later.
   */
  static boolean unreachable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }
}
