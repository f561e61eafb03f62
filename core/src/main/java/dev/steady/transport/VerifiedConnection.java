package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A connection whose host proved who it is (invariant 2): its key is pinned under the inventory
 * name and, on this very connection, {@code hostname} answered that name exactly (and {@code
 * /etc/machine-id} the recorded one). Only {@link IdentityGate} makes one; every step that acts on
 * a host (a command, a check, a listing, a deletion) takes one, so no service can act unverified.
 */
public final class VerifiedConnection implements AutoCloseable {

  private final Connection connection;
  private final Identity.Verified identity;

  VerifiedConnection(Connection connection, Identity.Verified identity) {
    this.connection = connection;
    this.identity = identity;
  }

  public Host host() {
    return connection.host();
  }

  public Identity.Verified identity() {
    return identity;
  }

  /** As {@link Connection#run}. */
  public CommandResult run(String command, Duration timeout, int outputCap) throws IOException {
    return connection.run(command, timeout, outputCap);
  }

  /** As {@link Connection#stream}. */
  public CommandResult stream(String command, InputStream stdin, OutputStream stdout, Duration timeout, int stderrCap)
      throws IOException {
    return connection.stream(command, stdin, stdout, timeout, stderrCap);
  }

  @Override
  public void close() {
    connection.close();
  }
}
