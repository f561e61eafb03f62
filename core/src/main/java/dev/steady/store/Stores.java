package dev.steady.store;

import dev.steady.failure.SteadyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Opens stores from the {@code --store} option (DESIGN.md §3). */
public final class Stores {

  private Stores() {}

  /**
   * Opens (creating and migrating when needed) the store named by {@code urlOrPath}: {@code
   * jdbc:sqlite:PATH}, a plain file path for SQLite, or {@code jdbc:postgresql://…}; null or blank
   * means {@code $STEADY_STORE}, else {@code ~/.steady/steady.db}, whose directory is created; a named
   * store's directory must exist ({@link #migrate} creates it).
   * Host leases outlive their run's last heartbeat by {@code $STEADY_LEASE_TTL} (default 15s); a run
   * waits for an unreachable store up to {@code $STEADY_STORE_PATIENCE} (default 5m).
   *
   * @throws SteadyException bad input when the location is unusable, naming it and the fix
   */
  public static Store open(String urlOrPath) {
    Map<String, String> env = System.getenv();
    StoreLocation location = StoreLocation.resolve(urlOrPath, env, home(), false);
    StorePatience.fromEnv(env); // a malformed value is refused here, before a run writes anything
    return JdbcStore.open(location, LeaseTtl.fromEnv(env));
  }

  /** Like {@link #open(String)} with an explicit lease TTL instead of {@code $STEADY_LEASE_TTL}. */
  public static Store open(String urlOrPath, Duration leaseTtl) {
    return JdbcStore.open(StoreLocation.resolve(urlOrPath, System.getenv(), home(), false), leaseTtl);
  }

  /**
   * {@code steady store migrate}: brings the store named like {@link #open}'s argument to the
   * current schema (creating it when new); running it again changes nothing.
   *
   * @throws SteadyException bad input when the store cannot be opened or migrated
   */
  public static Migrated migrate(String urlOrPath) {
    StoreLocation location = StoreLocation.resolve(urlOrPath, System.getenv(), home(), true);
    ConnectionPool pool = new ConnectionPool(location.dialect(), location.jdbcUrl());
    try (pool) {
      String before = version(pool);
      Migrations.ensureCurrent(pool, location.dialect());
      return new Migrated(location.display(), before, version(pool), Migrations.LATEST);
    } catch (java.sql.SQLException | RuntimeException e) {
      throw SteadyException.badInput("store " + location.display() + " cannot be migrated (" + Sql.oneLine(e)
          + "); point --store or STEADY_STORE at a steady database or a new file", e);
    }
  }

  /**
   * {@code steady store copy}: copies every row of store {@code from} (which must exist, at the
   * current schema) into store {@code to}, migrated first, in one transaction.
   *
   * @throws SteadyException bad input for an unusable location (nothing changed), refused when
   *     {@code to} already holds data (nothing written)
   */
  public static Copied copy(String from, String to) {
    StoreLocation source = StoreLocation.existing(from, home());
    if (to == null || to.isBlank()) {
      throw SteadyException.badInput("no target store given; pass --to URL");
    }
    StoreLocation target = StoreLocation.resolve(to, Map.of(), home(), true);
    if (source.jdbcUrl().equals(target.jdbcUrl())) {
      throw SteadyException.badInput("--from and --to name the same store " + source.display() + "; copy into another one");
    }
    return new StoreCopy(source, target).run();
  }

  private static String version(ConnectionPool pool) throws java.sql.SQLException {
    try (java.sql.Connection c = pool.connect()) {
      return SchemaVersion.read(c);
    }
  }

  private static Path home() {
    return Path.of(System.getProperty("user.home"));
  }
}
