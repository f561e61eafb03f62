package dev.steady.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * PostgreSQL databases for store tests. A test class on PostgreSQL gets a database of its own,
 * {@code steady_test_<random>}, created on the server named by {@code STEADY_TEST_POSTGRES_URL}
 * (a role that may create databases) before its first test, emptied before each test, and dropped
 * after its last. Without the variable its tests are skipped, never failed.
 */
final class TestDatabases implements BeforeEachCallback, AfterAllCallback {

  static final String ENV = "STEADY_TEST_POSTGRES_URL";

  private static final Map<Class<?>, String> BY_CLASS = new ConcurrentHashMap<>();

  /** The server's URL from the environment, or null. */
  static String adminUrl() {
    String url = System.getenv(ENV);
    return url == null || url.isBlank() ? null : url.strip();
  }

  /** Skips the calling test when no PostgreSQL server is configured. */
  static String requireAdminUrl() {
    String url = adminUrl();
    assumeTrue(url != null, ENV + " is not set: PostgreSQL store tests are skipped");
    return url;
  }

  /** The database of {@code testClass} (created on first use), as a JDBC URL. */
  static String databaseOf(Class<?> testClass) {
    return BY_CLASS.computeIfAbsent(testClass, c -> create());
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    if (context.getRequiredTestInstance() instanceof StoreTestBase test
        && test.storeKind() == StoreKind.POSTGRESQL) {
      requireAdminUrl();
      empty(databaseOf(context.getRequiredTestClass()));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    String url = BY_CLASS.remove(context.getRequiredTestClass());
    if (url != null) {
      drop(url);
    }
  }

  private static String create() {
    String admin = requireAdminUrl();
    String name = "steady_test_"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + " on " + ENV
          + ": " + e.getMessage(), e);
    }
    return withDatabase(admin, name);
  }

  /** Drops every table, sequence and the migration history: the next open migrates afresh. */
  static void empty(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  private static void drop(String url) throws SQLException {
    String name = databaseName(url);
    try (Connection c = DriverManager.getConnection(adminUrl());
        Statement s = c.createStatement()) {
      // FORCE: a worker process a failed test left behind must not keep the database alive.
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** {@code url} with its database replaced by {@code name}, the query (credentials) kept. */
  static String withDatabase(String url, String name) {
    int hostStart = url.indexOf("//");
    if (hostStart < 0) {
      throw new IllegalArgumentException(ENV + " must look like jdbc:postgresql://HOST:PORT/DB?...");
    }
    int query = url.indexOf('?', hostStart);
    int end = query < 0 ? url.length() : query;
    int slash = url.indexOf('/', hostStart + 2);
    String prefix = slash < 0 || slash > end ? url.substring(0, end) : url.substring(0, slash);
    return prefix + "/" + name + url.substring(end);
  }

  private static String databaseName(String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
