package dev.steady.transport;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;

/**
 * The way to one host, as ssh would take it: direct, through bastions (ProxyJump; each hop logged
 * into with its own pinned key checked, and a local forward to the next), or through a
 * ProxyCommand whose stdio is bridged to a local port. It knows where the target's SSH connection
 * is dialled and closes everything it opened, last hop first.
 */
final class Route implements AutoCloseable {

  private final List<ClientSession> sessions = new ArrayList<>();
  private final List<ExplicitPortForwardingTracker> forwards = new ArrayList<>();
  private ProxyCommandBridge bridge;

  Route() {}

  /** The bastions of {@code target}: resolved by the inventory through the ssh config, or read from a bare proxy_jump. */
  static List<Host> hops(Host target) {
    if (!target.ssh().jumps().isEmpty() || target.proxyJump() == null) {
      return target.ssh().jumps();
    }
    List<Host> hops = new ArrayList<>();
    for (String hop : target.proxyJump().split(",")) {
      hops.add(bare(target, hop.strip()));
    }
    return hops;
  }

  /** A hop given as {@code [user@]host[:port]} with no ssh config: the target's user and keys, as steady always did. */
  private static Host bare(Host target, String spec) {
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
          + ") is not [user@]host[:port][,…]");
    }
    return new Host(spec, spec, port, user, target.identityFile(), List.of(), Map.of(), target.env(), null, null,
        target.source() + " (proxy_jump of " + target.name() + ")");
  }

  void addHop(ClientSession session, ExplicitPortForwardingTracker forward) {
    sessions.add(session);
    forwards.add(forward);
  }

  void useBridge(ProxyCommandBridge bridge) {
    this.bridge = bridge;
  }

  /** Where the SSH connection to {@code next} (the next hop, or the target) is dialled: through what the route has so far. */
  String addressFor(Host next) {
    return bridge != null || !forwards.isEmpty() ? "127.0.0.1" : next.address();
  }

  int portFor(Host next) {
    if (bridge != null) {
      return bridge.port();
    }
    return forwards.isEmpty() ? next.port() : forwards.getLast().getBoundAddress().getPort();
  }

  /** Why dialling failed, when the ProxyCommand said so on its stderr; else null. */
  String proxyCommandFailure() {
    return bridge == null ? null : bridge.failure();
  }

  @Override
  public void close() {
    if (bridge != null) {
      bridge.close();
    }
    for (int i = sessions.size() - 1; i >= 0; i--) {
      try {
        forwards.get(i).close();
      } catch (IOException | RuntimeException e) {
        // the session close below releases the forward anyway
      }
      sessions.get(i).close(true);
    }
  }
}
