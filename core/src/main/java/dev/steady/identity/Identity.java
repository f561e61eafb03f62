package dev.steady.identity;

import dev.steady.inventory.Host;

/**
 * The outcome of checking that a connection reached the host the inventory means (invariant 2):
 * pinned host key, then {@code hostname}. Only {@link Verified} lets anything run on that connection.
 */
public sealed interface Identity {

  /** The stable code of DESIGN.md §6: ok, mismatch, unknown_key, unreachable. */
  String code();

  /** One line for a human, ending with the fix where there is one. */
  String message();

  /** The fingerprint of the key the host presented, or null when none was seen. */
  String fingerprint();

  private static String where(Host host) {
    return host.isLocal() ? "local machine" : KnownHosts.hostPattern(host);
  }

  /** A host's name for a message; a bastion also says whose bastion it is. */
  private static String label(Host host) {
    String source = host.source() == null ? "" : host.source();
    return source.contains("proxy_jump") ? host.name() + " [" + source + "]" : host.name();
  }

  /**
   * The key is pinned under the host's name, {@code hostname} answered exactly what the inventory
   * expects, and {@code /etc/machine-id} matched where one is expected.
   *
   * @param fingerprint the verified key, null for the local machine (connection: local)
   * @param machineId what {@code /etc/machine-id} holds, or null when the host has none
   */
  record Verified(String fingerprint, String hostname, String machineId) implements Identity {
    public String code() {
      return "ok";
    }

    public String message() {
      return "identity ok: " + (fingerprint == null ? "local machine" : "key " + fingerprint) + ", hostname " + hostname
          + (machineId == null ? "" : ", machine-id " + machineId);
    }
  }

  /** No key pinned under the host's name: refused, with what to check and the command to pin it. */
  record UnknownKey(Host host, String fingerprint, String note) implements Identity {
    public UnknownKey(Host host, String fingerprint) {
      this(host, fingerprint, null);
    }

    public String code() {
      return "unknown_key";
    }

    public String message() {
      return "refused: host key " + fingerprint + " of " + label(host) + " is not pinned for the name " + host.name()
          + (host.isProduction() ? " (production host)" : "") + (note == null ? "" : "; " + note)
          + "; check the key with the host's owner, then run `steady inventory pin " + host.name() + "`";
    }
  }

  /** The host presented a key other than the pinned one: possible man in the middle. */
  record ChangedKey(Host host, String fingerprint, java.util.List<String> pinned) implements Identity {
    public ChangedKey {
      pinned = java.util.List.copyOf(pinned);
    }

    public String code() {
      return "mismatch";
    }

    public String message() {
      return "refused: HOST KEY CHANGED for " + label(host) + " (" + KnownHosts.hostPattern(host) + "): presented "
          + fingerprint + ", pinned " + String.join(", ", pinned)
          + "; possible man-in-the-middle or an impostor; if the host was rebuilt, verify the new key with its owner, then run `steady inventory pin "
          + host.name() + " --replace`";
    }
  }

  /** The presented key is revoked in known_hosts. */
  record RevokedKey(Host host, String fingerprint) implements Identity {
    public String code() {
      return "mismatch";
    }

    public String message() {
      return "refused: host key " + fingerprint + " of " + host.name() + " is marked @revoked in known_hosts; do not use this host until its key is replaced";
    }
  }

  /**
   * The key is pinned but {@code hostname} did not answer exactly the expected name: possibly another
   * machine (a cloned image, a swapped address). Never "fixed" by changing what is expected before
   * the machine is known to be the right one.
   *
   * @param answered what {@code hostname} printed, one trailing newline removed, control characters escaped
   */
  record HostnameMismatch(Host host, String fingerprint, String answered, String fullyQualified) implements Identity {
    public HostnameMismatch(Host host, String fingerprint, String answered) {
      this(host, fingerprint, answered, null);
    }

    public String code() {
      return "mismatch";
    }

    public String message() {
      if (host.isLocal()) {
        return "refused: " + host.name() + " (local machine) answers hostname '" + answered + "', expected exactly '"
            + host.expectedHostname() + "'; a `connection: local` host runs its commands on this controller, which is '" + answered
            + "': if this inventory entry means this machine, name it '" + answered + "' or set its expect_hostname to '" + answered + "'";
      }
      if (host.namedByAddress() && host.expectHostname() == null) {
        return "refused: " + host.name() + " is named by its address, so `hostname` (which answers '" + answered + "') cannot"
            + " match it; after checking that this is the machine you meant (its key " + (fingerprint == null ? "" : fingerprint + " ")
            + "and /etc/machine-id with its owner), set its expect_hostname to the name it should answer";
      }
      return "refused: " + host.name() + " (" + where(host) + ") answers hostname '" + answered + "'"
          + (fullyQualified == null ? "" : " (hostname -f: '" + fullyQualified + "')") + ", expected exactly '"
          + host.expectedHostname() + "'; this may be another machine (a clone, or an address that now reaches another host):"
          + " first check that it is the machine you meant — compare its host key " + (fingerprint == null ? "" : fingerprint + " ")
          + "and /etc/machine-id with its owner — and only then correct the inventory";
    }
  }

  /**
   * Key and hostname matched, but {@code /etc/machine-id} differs from the one recorded when the
   * host was pinned (or set as {@code expect_machine_id}): a clone that kept the original's key and
   * name, or a rebuilt machine.
   *
   * @param answered what the host's {@code /etc/machine-id} holds, or null when it has none
   */
  record MachineIdMismatch(Host host, String fingerprint, String expected, String answered) implements Identity {
    public String code() {
      return "mismatch";
    }

    public String message() {
      return "refused: " + host.name() + " (" + where(host) + ") has machine-id " + (answered == null ? "(none)" : answered)
          + ", expected " + expected + "; this is another machine than the one pinned (a clone with a copied key, or a rebuild):"
          + " check with its owner; if it was rebuilt, run `steady inventory pin " + host.name() + " --replace`";
    }
  }

  /**
   * steady will not connect to the host because reaching it as the inventory and ssh config say
   * needs something steady does not do (a Match block it cannot evaluate, a connection type other
   * than ssh or local, …): refused before anything is dialled, the reason names the file and line.
   */
  record Unsupported(Host host, String reason) implements Identity {
    public String code() {
      return "refused"; // nothing disagreed about who the host is: steady will not reach it as configured
    }

    public String message() {
      return "refused: " + host.name() + " is not contacted: " + reason;
    }

    public String fingerprint() {
      return null;
    }
  }

  /**
   * The inventory reaches this host through an Ansible connection steady does not speak (docker,
   * winrm, kubectl, paramiko…): refused before any connection, so nothing is sent over SSH to an
   * address that was never meant for it. Its code is {@code refused}, not {@code mismatch}:
   * nothing disagreed about who the host is; steady will not reach it the way the inventory says.
   */
  record UnsupportedConnection(Host host, String connection) implements Identity {
    public String code() {
      return "refused";
    }

    public String message() {
      return "refused: " + host.name() + " is reached with ansible_connection=" + connection
          + (host.source() == null ? "" : " (" + host.source() + ")")
          + ", which steady does not speak (only ssh and local); nothing was sent to it: act on it with Ansible,"
          + " or leave it out of the target (e.g. all:!" + host.name() + ")";
    }

    public String fingerprint() {
      return null;
    }
  }

  /**
   * The host proved who it is, but steady cannot act on it as the user the inventory or the command
   * line asks for (sudo refused, asked a password that was not given or not accepted, or another
   * become method than sudo): refused, nothing ran, rather than act unescalated.
   *
   * @param reason what happened, naming the host, the users and what to do
   */
  record BecomeRefused(Host host, String fingerprint, String reason) implements Identity {
    public String code() {
      return "refused";
    }

    public String message() {
      return "refused: " + reason;
    }
  }

  /** The host could not be reached or logged into; nothing ran. */
  record Unreachable(String fingerprint, String reason) implements Identity {
    public String code() {
      return "unreachable";
    }

    public String message() {
      return reason;
    }
  }
}
