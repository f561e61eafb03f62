package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The second half of invariant 2, on the connection that will act: {@code hostname} must answer the
 * inventory's name (or its {@code expect_hostname}). The key half ran during key exchange.
 */
public final class VerifyIdentity {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private VerifyIdentity() {}

  /** Checks {@code connection}; only a {@link Identity.Verified} result lets anything run on it. */
  public static Identity check(Connection connection) {
    Host host = connection.host();
    if (host.isLocal() && host.expectHostname() == null) {
      return new Identity.Verified(null, "(local)");
    }
    CommandResult result;
    try {
      result = connection.run("hostname", TIMEOUT, 4096);
    } catch (IOException e) {
      return new Identity.Unreachable(connection.keyFingerprint(), e.getMessage());
    }
    String answered = new String(result.stdout().head(), StandardCharsets.UTF_8).strip();
    if (!result.succeeded()) {
      return new Identity.Unreachable(connection.keyFingerprint(), host.name() + ": `hostname` failed with status "
          + result.exitStatus() + "; cannot prove which machine this is, so nothing runs there");
    }
    if (!matches(host, answered)) {
      return new Identity.HostnameMismatch(host, connection.keyFingerprint(), answered);
    }
    return new Identity.Verified(connection.keyFingerprint(), answered);
  }

  /** Exact equality, as DESIGN.md says: a fully qualified answer needs {@code expect_hostname}. */
  static boolean matches(Host host, String answered) {
    return answered.equals(host.expectedHostname());
  }
}
