package dev.steady.identity;

import java.util.List;

/**
 * What the pinned keys say about the key a host presented. Only {@link Pinned} may proceed: a pin
 * vouches for a host only when it names the host (invariant 2), never by its address alone.
 */
public sealed interface KeyVerdict {

  /** SHA-256 fingerprint of the key the host presented. */
  String presented();

  /**
   * The presented key is pinned under this host's name.
   *
   * @param machineId the {@code /etc/machine-id} recorded with that pin, or null when none was
   */
  record Pinned(String presented, String machineId) implements KeyVerdict {}

  /**
   * No key is pinned under this host's name: never trusted silently.
   *
   * @param note what else the file says about this key or address (a pin by address only, or the
   *     same key pinned for another name: a clone or a swapped address), or null
   */
  record Unknown(String presented, String note) implements KeyVerdict {}

  /** Another key is pinned under this name: the host was rebuilt, or someone is in the middle. */
  record Changed(String presented, List<String> pinned) implements KeyVerdict {
    public Changed {
      pinned = List.copyOf(pinned);
    }
  }

  /** The presented key is marked {@code @revoked}. */
  record Revoked(String presented) implements KeyVerdict {}
}
