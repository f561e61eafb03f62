package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import dev.steady.transport.ConnectFailed;
import dev.steady.transport.Connection;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifyIdentity;
import java.util.List;
import java.util.function.Consumer;

/** Checks the identity of hosts (pinned key, then {@code hostname}) without running anything else. */
public final class FleetCheck {

  private final Transport transport;
  private final AuditLog audit;

  public FleetCheck(Transport transport, AuditLog audit) {
    this.transport = transport;
    this.audit = audit;
  }

  /** One host's verdict. */
  public record Checked(Host host, Identity identity) {}

  /** Checks every host; {@code inOrder} sees each verdict in inventory order. */
  public List<Checked> check(List<Host> hosts, int concurrency, Consumer<Checked> inOrder) {
    transport.prepare(hosts);
    return FanOut.run(hosts, concurrency, this::checkOne, inOrder);
  }

  private Checked checkOne(Host host) {
    Identity identity;
    try (Connection connection = transport.connect(host)) {
      identity = VerifyIdentity.check(connection);
    } catch (ConnectFailed e) {
      identity = e.identity();
    } catch (RuntimeException e) {
      identity = new Identity.Unreachable(null, host.name() + ": internal error while checking (" + e + ")");
    }
    IdentityAudit.record(audit, host, null, identity);
    return new Checked(host, identity);
  }
}
