package dev.steady.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** What differs between the databases a store can live in; the SQL and migrations are shared. */
enum Dialect {
  SQLITE {
    @Override
    Driver driver() {
      return new org.sqlite.JDBC();
    }

    @Override
    Properties properties() {
      Properties p = new Properties();
      p.setProperty("journal_mode", "WAL");
      p.setProperty("synchronous", "NORMAL");
      p.setProperty("foreign_keys", "true");
      p.setProperty("busy_timeout", "10000");
      return p;
    }

    /** IMMEDIATE takes the write lock first, so two processes never both read the same head. */
    @Override
    void beginWrite(Connection c) throws SQLException {
      execute(c, "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection c) throws SQLException {
      execute(c, "COMMIT");
    }

    @Override
    void rollback(Connection c) throws SQLException {
      if (!c.getAutoCommit()) {
        c.rollback();
      } else {
        execute(c, "ROLLBACK");
      }
    }

    @Override
    String lockHead() {
      return "";
    }

    @Override
    void beginStream(Connection c) {
      // autocommit: one statement reads one snapshot, and holds no write lock
    }

    @Override
    void endStream(Connection c) {}
  },

  POSTGRESQL {
    @Override
    Driver driver() {
      return new org.postgresql.Driver();
    }

    @Override
    Properties properties() {
      return new Properties();
    }

    @Override
    void beginWrite(Connection c) throws SQLException {
      c.setAutoCommit(false);
    }

    @Override
    void commit(Connection c) throws SQLException {
      c.commit();
      c.setAutoCommit(true);
    }

    @Override
    void rollback(Connection c) throws SQLException {
      c.rollback();
      c.setAutoCommit(true);
    }

    /** The head row lock serializes appenders across processes. */
    @Override
    String lockHead() {
      return " FOR UPDATE";
    }

    /** The driver streams with a fetch size only inside a transaction. */
    @Override
    void beginStream(Connection c) throws SQLException {
      c.setAutoCommit(false);
    }

    @Override
    void endStream(Connection c) throws SQLException {
      c.rollback();
      c.setAutoCommit(true);
    }
  };

  abstract Driver driver();

  abstract Properties properties();

  abstract void beginWrite(Connection c) throws SQLException;

  abstract void commit(Connection c) throws SQLException;

  abstract void rollback(Connection c) throws SQLException;

  /** Suffix of the head query inside a write transaction. */
  abstract String lockHead();

  abstract void beginStream(Connection c) throws SQLException;

  abstract void endStream(Connection c) throws SQLException;

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
