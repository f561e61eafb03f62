package dev.steady.fleet;

import java.nio.file.Path;
import java.security.PublicKey;

/**
 * A real SSH host started for tests, benchmarks and {@code steady demo}: its own host key, its
 * own hostname and its own private file tree on this machine.
 */
public interface TestHost extends AutoCloseable {

  /** Inventory name; what {@code hostname} answers on the host unless overridden. */
  String name();

  /** Always {@code 127.0.0.1}. */
  String address();

  int port();

  /** Login user: {@code root} for OpenSSH hosts, {@code steady} for embedded ones (any name works). */
  String user();

  PublicKey hostKey();

  /**
   * This host's pin in OpenSSH {@code known_hosts} format, bound to its name as {@code steady
   * inventory pin} writes it: {@code [NAME]:PORT,[127.0.0.1]:PORT ssh-ed25519 AAAA... steady-machine-id=…}.
   */
  default String knownHostsLine() {
    return "[" + name() + "]:" + port() + ",[" + address() + "]:" + port() + " " + Keys.publicLine(hostKey())
        + (machineId() == null ? "" : " steady-machine-id=" + machineId());
  }

  /** What the host's {@code /etc/machine-id} holds (its own, generated at its first start), or null when it has none. */
  String machineId();

  /** The directory on this machine that is the host's private file tree. */
  Path root();

  /** Stops the host; never throws a checked exception. */
  @Override
  void close();
}
