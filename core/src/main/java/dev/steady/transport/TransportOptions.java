package dev.steady.transport;

import java.time.Duration;

/**
 * Knobs of a transport.
 *
 * @param connectTimeout how long to wait for TCP connect, key exchange and login, per host
 * @param keyPassphrase passphrase for encrypted identity files, or null (from STEADY_KEY_PASSPHRASE)
 */
public record TransportOptions(Duration connectTimeout, String keyPassphrase) {

  public static TransportOptions defaults() {
    return new TransportOptions(Duration.ofSeconds(10), System.getenv("STEADY_KEY_PASSPHRASE"));
  }

  public TransportOptions {
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive");
    }
  }
}
