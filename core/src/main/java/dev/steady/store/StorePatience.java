package dev.steady.store;

import java.time.Duration;
import java.util.Map;

/**
 * How long a run waits for an unreachable store before it stops, resumable: {@code
 * STEADY_STORE_PATIENCE}, default five minutes, written like {@code STEADY_LEASE_TTL}.
 */
final class StorePatience {

  static final String ENV = "STEADY_STORE_PATIENCE";
  static final Duration DEFAULT = Duration.ofMinutes(5);

  private StorePatience() {}

  static Duration fromEnv(Map<String, String> env) {
    String text = env.get(ENV);
    return text == null || text.isBlank()
        ? DEFAULT : LeaseTtl.parse(ENV, text.strip(), "how long to wait for the store");
  }
}
