package dev.steady.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of its own for a CLI test, on the server named by {@code
 * STEADY_TEST_POSTGRES_URL} (a role that may create databases); the test is skipped without it.
 * Closing drops the database.
 */
final class Postgres implements AutoCloseable {

  static final String ENV = "STEADY_TEST_POSTGRES_URL";

  final String name;
  final String url;
  private final String admin;

  private Postgres(String admin, String name) {
    this.admin = admin;
    this.name = name;
    this.url = withDatabase(admin, name);
  }

  /** A new, empty database; skips the calling test when no server is configured. */
  static Postgres create() throws SQLException {
    String admin = System.getenv(ENV);
    assumeTrue(admin != null && !admin.isBlank(), ENV + " is not set: PostgreSQL tests are skipped");
    String name = "steady_cli_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    try (Connection c = DriverManager.getConnection(admin.strip()); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new Postgres(admin.strip(), name);
  }

  /** This database's URL with its host and port replaced (to go through a proxy). */
  String via(int port) {
    return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
  }

  /** The port of the server. */
  int port() {
    String hostPort = url.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static String withDatabase(String url, String name) {
    int hostStart = url.indexOf("//");
    int query = url.indexOf('?', hostStart);
    int end = query < 0 ? url.length() : query;
    int slash = url.indexOf('/', hostStart + 2);
    String prefix = slash < 0 || slash > end ? url.substring(0, end) : url.substring(0, slash);
    return prefix + "/" + name + url.substring(end);
  }
}
