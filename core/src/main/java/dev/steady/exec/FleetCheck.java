package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import java.util.List;
import java.util.function.Consumer;

/** Checks the identity of hosts (pinned key, then {@code hostname} and machine-id) without running anything else. */
public final class FleetCheck {

  private final IdentityGate gate;
  private final AuditLog audit;

  public FleetCheck(Transport transport, AuditLog audit) {
    this.gate = new IdentityGate(transport);
    this.audit = audit;
  }

  /** One host's verdict. */
  public record Checked(Host host, Identity identity) {}

  /** Checks every host; {@code inOrder} sees each verdict in inventory order. */
  public List<Checked> check(List<Host> hosts, int concurrency, Consumer<Checked> inOrder) {
    gate.prepare(hosts);
    return FanOut.run(hosts, concurrency, this::checkOne, inOrder);
  }

  private Checked checkOne(Host host) {
    Reached reached = gate.open(host.withBecome(null), audit, null); // an identity check acts on nothing: no sudo
    if (reached instanceof Reached.Verified verified) {
      verified.connection().close();
    }
    return new Checked(host, reached.identity());
  }
}
