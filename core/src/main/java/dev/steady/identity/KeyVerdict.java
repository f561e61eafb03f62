package dev.steady.identity;

import java.util.List;

/** What the pinned keys say about the key a host presented. Only {@link Pinned} may proceed. */
public sealed interface KeyVerdict {

  /** SHA-256 fingerprint of the key the host presented. */
  String presented();

  /** The presented key is pinned for this host. */
  record Pinned(String presented) implements KeyVerdict {}

  /** No key is pinned for this host: never trusted silently. */
  record Unknown(String presented) implements KeyVerdict {}

  /** Another key is pinned: the host was rebuilt, or someone is in the middle. */
  record Changed(String presented, List<String> pinned) implements KeyVerdict {
    public Changed {
      pinned = List.copyOf(pinned);
    }
  }

  /** The presented key is marked {@code @revoked}. */
  record Revoked(String presented) implements KeyVerdict {}
}
