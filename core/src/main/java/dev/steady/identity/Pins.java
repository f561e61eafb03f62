package dev.steady.identity;

import dev.steady.inventory.Host;
import java.security.PublicKey;

/**
 * Where the transport's server-key verifier asks whether a presented key may proceed (invariant 2).
 * {@link KnownHosts} is one fixed reading of a known_hosts file; {@link KnownHosts#followed} reads
 * the file as it is at each connection, for processes that outlive an edit of it.
 */
public interface Pins {

  /**
   * What the pins say about {@code presented} for {@code host}.
   *
   * @throws dev.steady.failure.SteadyException (bad input) when the pins cannot be read: no key is
   *     trusted then
   */
  KeyVerdict judge(Host host, PublicKey presented);

  /**
   * The key types pinned under {@code host}'s name, in file order (e.g. {@code ssh-ed25519}): the
   * host key algorithms to ask the host for first, as OpenSSH orders HostKeyAlgorithms, so a host
   * that offers several keys presents the one that is pinned instead of raising a false alarm.
   */
  default java.util.List<String> keyTypes(Host host) {
    return java.util.List.of();
  }
}
