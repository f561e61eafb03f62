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
 * When the host becomes another user, every command runs through sudo here, the one place that
 * does it, so no step can run one unescalated.
 */
public final class VerifiedConnection implements AutoCloseable {

  private final Connection connection;
  private final Identity.Verified identity;
  private final Sudo sudo;

  VerifiedConnection(Connection connection, Identity.Verified identity, Sudo sudo) {
    this.connection = connection;
    this.identity = identity;
    this.sudo = sudo;
  }

  public Host host() {
    return connection.host();
  }

  public Identity.Verified identity() {
    return identity;
  }

  /** Who commands run as: the login user, or {@code USER via sudo}. */
  public String actsAs() {
    return sudo == null ? host().user() : sudo.describe();
  }

  /** As {@link Connection#run}, through sudo when the host becomes another user. */
  public CommandResult run(String command, Duration timeout, int outputCap) throws IOException {
    if (sudo == null) {
      return connection.run(command, timeout, outputCap);
    }
    CappedOutput out = new CappedOutput(outputCap);
    CommandResult result = stream(command, null, out, timeout, outputCap);
    return new CommandResult(result.exitStatus(), result.exitSignal(), out.result(), result.stderr(), result.elapsed());
  }

  /** As {@link Connection#stream}, through sudo when the host becomes another user. */
  public CommandResult stream(String command, InputStream stdin, OutputStream stdout, Duration timeout, int stderrCap)
      throws IOException {
    if (sudo == null) {
      return connection.stream(command, stdin, stdout, timeout, stderrCap);
    }
    return connection.stream(sudo.wrap(command), sudo.stdin(stdin), stdout, timeout, stderrCap);
  }

  @Override
  public void close() {
    connection.close();
  }
}
