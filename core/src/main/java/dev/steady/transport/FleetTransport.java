package dev.steady.transport;

import dev.steady.identity.Pins;
import dev.steady.inventory.Host;
import java.security.PublicKey;

/**
 * The transport front ends use: the local machine for {@code connection: local} hosts, SSH for
 * {@code ssh} hosts, and a refusal for a host whose inventory names another Ansible connection
 * (docker, winrm…), which is never tried over SSH.
 */
public final class FleetTransport implements Transport {

  private final Pins pins;
  private final TransportOptions options;
  private SshTransport ssh;

  public FleetTransport(Pins pins, TransportOptions options) {
    this.pins = pins;
    this.options = options;
  }

  @Override
  public Connection connect(Host host) throws ConnectFailed {
    refuseUnsupported(host);
    return host.isLocal() ? new LocalConnection(host) : ssh().connect(host);
  }

  private static void refuseUnsupported(Host host) throws ConnectFailed {
    if (!host.hasSupportedConnection()) {
      throw new ConnectFailed(new dev.steady.identity.Identity.UnsupportedConnection(host, host.connection()));
    }
  }

  @Override
  public void prepare(java.util.List<Host> hosts) {
    java.util.List<Host> remote = hosts.stream().filter(h -> !h.isLocal() && h.hasSupportedConnection()).toList();
    if (!remote.isEmpty()) {
      ssh().prepare(remote);
    }
  }

  @Override
  public SudoPassword sudoPassword() {
    return options.sudoPassword();
  }

  @Override
  public PublicKey probeHostKey(Host host) throws ConnectFailed {
    refuseUnsupported(host);
    if (host.isLocal()) {
      throw new ConnectFailed(new dev.steady.identity.Identity.Unreachable(null,
          host.name() + " is the local machine (connection: local); it has no host key to pin"));
    }
    return ssh().probeHostKey(host);
  }

  private synchronized SshTransport ssh() {
    if (ssh == null) {
      ssh = new SshTransport(pins, options);
    }
    return ssh;
  }

  @Override
  public synchronized void close() {
    if (ssh != null) {
      ssh.close();
    }
  }
}
