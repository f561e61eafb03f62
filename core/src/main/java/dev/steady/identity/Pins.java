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
}
