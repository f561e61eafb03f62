package dev.steady.check;

/**
 * Passes when {@code host:port} accepts a TCP connection made from the target host itself, so a
 * service listening only on 127.0.0.1 there can be checked.
 */
public record TcpCheck(String host, int port) implements Check {

  /** The address probed when a spec names only a port. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public TcpCheck {
    if (host == null || !Text.isHostName(host)) {
      throw new IllegalArgumentException("TCP check host must be a name or address without spaces or '/': " + host);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("TCP check port must be 1-65535: " + port);
    }
  }

  @Override
  public String describe() {
    return "TCP " + address() + " accepts connections (probed from the host)";
  }

  @Override
  public String spec() {
    return "tcp:" + address();
  }

  private String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
