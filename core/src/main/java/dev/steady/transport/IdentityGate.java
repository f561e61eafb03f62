package dev.steady.transport;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one way to a host that lets steady act (invariant 2): connect (the key is judged against the
 * pins during key exchange), prove the host's name and machine-id on that same connection, record
 * the verdict in the audit log, and hand out a {@link VerifiedConnection} only when all of it held.
 * A host that becomes another user is also asked, as the login user and right after the proof,
 * whether sudo lets it do so; if not, it is refused with nothing run. Every service that acts goes
 * through here, so none can forget a check or classify a host its own way.
 */
public final class IdentityGate {

  private final Transport transport;
  private final SudoPassword sudoPassword;

  public IdentityGate(Transport transport) {
    this.transport = transport;
    this.sudoPassword = transport.sudoPassword();
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
      IdentityAudit.record(audit, host, run, reached.identity(), withActsAs(reached, extra));
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

  /** The audit says whom commands run as on a connection that acts through sudo (never the password). */
  private static Map<String, ?> withActsAs(Reached reached, Map<String, ?> extra) {
    if (!(reached instanceof Reached.Verified v) || reached.host().become() == null) {
      return extra;
    }
    Map<String, Object> more = new java.util.LinkedHashMap<>(extra);
    more.put("acts_as", v.connection().actsAs());
    return more;
  }

  private Reached reach(Host host) {
    if (host.become() != null && !host.become().bySudo()) {
      return new Reached.Refused(host, new Identity.BecomeRefused(host, null, host.name() + ": become method '"
          + host.become().method() + "' (" + host.become().source() + ") is not supported: steady acts as another user only"
          + " through sudo, and never acts unescalated on a host meant to escalate; nothing was dialled; use sudo, or turn"
          + " become off for " + host.name()));
    }
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
      return escalated(connection, verified);
    }
    connection.close();
    return refusedOrUnreachable(host, identity);
  }

  /** The verified connection, through sudo when the host becomes another user and sudo lets it; else refused. */
  private Reached escalated(Connection connection, Identity.Verified verified) {
    Host host = connection.host();
    if (host.become() == null) {
      return new Reached.Verified(new VerifiedConnection(connection, verified, null));
    }
    Sudo.Probed probed;
    try {
      probed = Sudo.probe(connection, host.become(), sudoPassword);
    } catch (IOException | RuntimeException e) {
      connection.close();
      return new Reached.Unreachable(host, new Identity.Unreachable(connection.keyFingerprint(),
          host.name() + ": asking sudo whether " + host.user() + " may act as " + host.become().user() + " failed (" + e.getMessage()
              + "); nothing ran there"));
    }
    return switch (probed) {
      case Sudo.Probed.Allowed allowed -> new Reached.Verified(new VerifiedConnection(connection, verified, allowed.sudo()));
      case Sudo.Probed.Denied denied -> {
        connection.close();
        yield new Reached.Refused(host, denied.refusal());
      }
    };
  }

  private static Reached refusedOrUnreachable(Host host, Identity identity) {
    return identity instanceof Identity.Unreachable ? new Reached.Unreachable(host, identity) : new Reached.Refused(host, identity);
  }
}
