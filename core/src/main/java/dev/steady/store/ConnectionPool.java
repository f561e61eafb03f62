package dev.steady.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;

/**
 * A few reusable connections to one database, opened on demand straight from the driver (no
 * DriverManager scan, which matters for a CLI that starts a JVM per command).
 */
final class ConnectionPool implements AutoCloseable {

  private static final int MAX_IDLE = 4;

  private final Driver driver;
  private final String url;
  private final Properties properties;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  ConnectionPool(Dialect dialect, String url) {
    this.driver = dialect.driver();
    this.url = url;
    this.properties = dialect.properties();
  }

  /** A new connection, not pooled; the caller closes it. */
  Connection connect() throws SQLException {
    Connection c = driver.connect(url, properties);
    if (c == null) {
      throw new SQLException("the driver does not accept " + url);
    }
    return c;
  }

  Connection take() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new SQLException("the store is closed");
      }
      Connection c = idle.poll();
      if (c != null) {
        return c;
      }
    }
    return connect();
  }

  /** Returns a connection; one that failed is closed instead, as its state is unknown. */
  void give(Connection c, boolean healthy) {
    synchronized (this) {
      if (healthy && !closed && idle.size() < MAX_IDLE) {
        idle.push(c);
        return;
      }
    }
    closeQuietly(c);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      idle.forEach(ConnectionPool::closeQuietly);
      idle.clear();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // nothing useful to do: the connection is being discarded
    }
  }
}
