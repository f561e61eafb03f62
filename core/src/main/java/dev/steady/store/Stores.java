package dev.steady.store;

import dev.steady.failure.SteadyException;
import java.nio.file.Path;
import java.util.Map;

/** Opens stores from the {@code --store} option (DESIGN.md §3). */
public final class Stores {

  private Stores() {}

  /**
   * Opens (creating and migrating when needed) the store named by {@code urlOrPath}: {@code
   * jdbc:sqlite:PATH}, a plain file path for SQLite, or {@code jdbc:postgresql://…}; null or blank
   * means {@code $STEADY_STORE}, else {@code ~/.steady/steady.db}. Parent directories are created.
   * Host leases outlive their run's last heartbeat by {@code $STEADY_LEASE_TTL} (default 2m).
   *
   * @throws SteadyException bad input when the location is unusable, naming it and the fix
   */
  public static Store open(String urlOrPath) {
    Map<String, String> env = System.getenv();
    StoreLocation location =
        StoreLocation.resolve(urlOrPath, env, Path.of(System.getProperty("user.home")));
    return JdbcStore.open(location, LeaseTtl.fromEnv(env));
  }
}
