package dev.steady.transport;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;

/**
 * A jump host (ProxyJump) and the local forward through it to one target. Its own host key is
 * checked against known_hosts like any host's; the target's key and hostname are checked as usual.
 */
final class Bastion implements AutoCloseable {

  private final ClientSession session;
  private final ExplicitPortForwardingTracker tracker;

  Bastion(ClientSession session, ExplicitPortForwardingTracker tracker) {
    this.session = session;
    this.tracker = tracker;
  }

  int localPort() {
    return tracker.getBoundAddress().getPort();
  }

  /** The jump host of {@code target} as a host of its own: {@code [user@]host[:port]}, one hop. */
  static Host of(Host target) {
    String spec = target.proxyJump().strip();
    if (spec.contains(",")) {
      throw SteadyException.badInput("proxy_jump '" + spec + "' of host " + target.name() + " (" + target.source()
          + ") has several hops; steady supports one bastion per host: jump to the last hop directly");
    }
    String user = target.user();
    int at = spec.lastIndexOf('@');
    if (at >= 0) {
      user = spec.substring(0, at);
      spec = spec.substring(at + 1);
    }
    int port = 22;
    int colon = spec.lastIndexOf(':');
    if (colon >= 0 && spec.indexOf(':') == colon) {
      try {
        port = Integer.parseInt(spec.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw SteadyException.badInput("proxy_jump of host " + target.name() + " (" + target.source() + ") has port '"
            + spec.substring(colon + 1) + "'; write [user@]host[:port]");
      }
      spec = spec.substring(0, colon);
    }
    if (spec.isBlank() || port < 1 || port > 65535) {
      throw SteadyException.badInput("proxy_jump '" + target.proxyJump() + "' of host " + target.name() + " (" + target.source()
          + ") is not [user@]host[:port]");
    }
    return new Host(spec, spec, port, user, target.identityFile(), List.of(), Map.of(), target.env(), null, null,
        target.source() + " (proxy_jump of " + target.name() + ")");
  }

  @Override
  public void close() {
    try {
      tracker.close();
    } catch (java.io.IOException | RuntimeException e) {
      // the session close below releases the forward anyway
    }
    session.close(true);
  }
}
