package dev.steady.transport;

import dev.steady.inventory.Host;
import java.security.PublicKey;

/**
 * How steady reaches hosts: SSH for remote hosts, the local machine for {@code connection: local}.
 * One connection per host, reused for every channel of a run.
 */
public interface Transport extends AutoCloseable {

  /**
   * Opens an authenticated connection whose host key is pinned for {@code host}.
   *
   * @throws ConnectFailed when the host is unreachable, refuses the login, or presents a key that is
   *     not pinned (the failure carries the identity verdict; nothing ran on the host)
   */
  Connection connect(Host host) throws ConnectFailed;

  /**
   * Checks, before anything connects, what can be checked locally (identity files exist and load).
   *
   * @throws dev.steady.failure.SteadyException bad input naming the host and the file
   */
  default void prepare(java.util.List<Host> hosts) {}

  /** The password sudo may ask of the login user on hosts that become another user, or null. */
  default SudoPassword sudoPassword() {
    return null;
  }

  /** Runs only the key exchange with {@code host} and returns the key it presents; never logs in. */
  PublicKey probeHostKey(Host host) throws ConnectFailed;

  @Override
  void close();
}
