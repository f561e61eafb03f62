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

  /** A host's name for a message; a bastion also says whose bastion it is. */
  private static String label(Host host) {
    String source = host.source() == null ? "" : host.source();
    return source.contains("proxy_jump") ? host.name() + " [" + source + "]" : host.name();
  }

  /** The key is pinned and {@code hostname} answered what the inventory expects. */
  record Verified(String fingerprint, String hostname) implements Identity {
    public String code() {
      return "ok";
    }

    public String message() {
      return "identity ok: key " + fingerprint + ", hostname " + hostname;
    }
  }

  /** No pinned key: refused, with the command to pin it after checking. */
  record UnknownKey(Host host, String fingerprint) implements Identity {
    public String code() {
      return "unknown_key";
    }

    public String message() {
      return "refused: host key " + fingerprint + " of " + label(host) + " is not pinned"
          + (host.isProduction() ? " (production host)" : "")
          + "; check it with the host's owner, then run `steady inventory pin " + host.name() + "`";
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

  /** The key is pinned but {@code hostname} answered another name: wrong machine (cloned image, swapped address). */
  record HostnameMismatch(Host host, String fingerprint, String answered) implements Identity {
    public String code() {
      return "mismatch";
    }

    public String message() {
      return "refused: " + host.name() + " (" + KnownHosts.hostPattern(host) + ") answers hostname '" + answered
          + "', expected '" + host.expectedHostname()
          + "'; the address may point at another machine; fix the inventory's address or set expect_hostname";
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
