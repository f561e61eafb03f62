package dev.steady.transport;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.util.List;
import java.util.Map;

/**
 * The one way to a host that lets steady act (invariant 2): connect (the key is judged against the
 * pins during key exchange), prove the host's name and machine-id on that same connection, record
 * the verdict in the audit log, and hand out a {@link VerifiedConnection} only when all of it held.
 * Every service that acts goes through here, so none can forget a check or classify a host its own
 * way.
 */
public final class IdentityGate {

  private final Transport transport;

  public IdentityGate(Transport transport) {
    this.transport = transport;
  }

  /**
   * Checks, before anything connects, what can be checked locally (identity files exist and load).
   *
   * @throws dev.steady.failure.SteadyException bad input naming the host and the file
   */
  public void prepare(List<Host> hosts) {
    transport.prepare(hosts);
  }

  /**
   * Connects to {@code host}, proves who it is and records an {@code identity} audit entry under
   * {@code run} (may be null) with {@code extra} fields. The caller closes a verified connection.
   */
  public Reached open(Host host, AuditLog audit, String run, Map<String, ?> extra) {
    Reached reached = reach(host);
    try {
      IdentityAudit.record(audit, host, run, reached.identity(), extra);
    } catch (RuntimeException e) {
      if (reached instanceof Reached.Verified v) {
        v.connection().close(); // not recorded, so not used
      }
      throw e;
    }
    return reached;
  }

  /** As {@link #open(Host, AuditLog, String, Map)} with no extra fields. */
  public Reached open(Host host, AuditLog audit, String run) {
    return open(host, audit, run, Map.of());
  }

  private Reached reach(Host host) {
    Connection connection;
    try {
      connection = transport.connect(host);
    } catch (ConnectFailed e) {
      return refusedOrUnreachable(host, e.identity());
    } catch (dev.steady.failure.SteadyException e) {
      throw e; // bad input (an identity file), checked by prepare() before any host
    } catch (RuntimeException e) {
      return new Reached.Unreachable(host, new Identity.Unreachable(null, host.name() + ": cannot connect (" + e + ")"));
    }
    Identity identity;
    try {
      identity = HostProof.check(connection);
    } catch (RuntimeException e) {
      connection.close();
      return new Reached.Unreachable(host, new Identity.Unreachable(connection.keyFingerprint(),
          host.name() + ": the identity check failed (" + e + "); nothing ran there"));
    }
    if (identity instanceof Identity.Verified verified) {
      return new Reached.Verified(new VerifiedConnection(connection, verified));
    }
    connection.close();
    return refusedOrUnreachable(host, identity);
  }

  private static Reached refusedOrUnreachable(Host host, Identity identity) {
    return identity instanceof Identity.Unreachable ? new Reached.Unreachable(host, identity) : new Reached.Refused(host, identity);
  }
}
