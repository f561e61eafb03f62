package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.inventory.Host;

/**
 * How {@link IdentityGate#open} ended for one host. Only {@link Verified} carries a connection, and
 * only a {@link VerifiedConnection} lets a step act (invariant 2); the other two say why nothing ran.
 */
public sealed interface Reached {

  Host host();

  /** The verdict, recorded in the audit log as it is here. */
  Identity identity();

  /** The stable word for output: ok, refused or unreachable. */
  String state();

  /** Key pinned under the host's name, hostname and machine-id as expected: the connection may act. */
  record Verified(VerifiedConnection connection) implements Reached {
    public Host host() {
      return connection.host();
    }

    public Identity identity() {
      return connection.identity();
    }

    public String state() {
      return "ok";
    }
  }

  /** The host proved to be something else than the inventory means (key, name or machine-id): nothing ran. */
  record Refused(Host host, Identity identity) implements Reached {
    public String state() {
      return "refused";
    }
  }

  /** The host could not be reached, logged into, or asked who it is: nothing ran. */
  record Unreachable(Host host, Identity identity) implements Reached {
    public String state() {
      return "unreachable";
    }
  }
}
