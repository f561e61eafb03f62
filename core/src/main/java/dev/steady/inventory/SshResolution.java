package dev.steady.inventory;

/** Collects the first value of each setting that applies to one alias, as {@code ssh} does. */
final class SshResolution {

  private final String alias;
  private String hostName;
  private String user;
  private Integer port;
  private String identityFile;
  private String proxyJump;
  private boolean proxyJumpSet;

  SshResolution(String alias) {
    this.alias = alias;
  }

  void apply(SshDirective d) {
    switch (d.keyword()) {
      case "hostname" -> hostName = hostName != null ? hostName : tokens(d.first());
      case "user" -> user = user != null ? user : d.first();
      case "port" -> port = port != null ? port : port(d);
      case "identityfile" -> identityFile = identityFile != null ? identityFile : tilde(tokens(d.first()));
      case "proxyjump" -> jump(d.first());
      default -> { }
    }
  }

  private void jump(String value) {
    if (!proxyJumpSet) {
      proxyJumpSet = true;
      proxyJump = value.equalsIgnoreCase("none") || value.isEmpty() ? null : value;
    }
  }

  private static int port(SshDirective d) {
    return Ports.parse(d.first(), () -> d.file().error(d.line(),
        "Port must be a number from 1 to 65535, found '" + d.first() + "'; fix the ssh config"));
  }

  SshConfig.Resolved result() {
    return new SshConfig.Resolved(hostName, user, port, identityFile, proxyJump);
  }

  /** Expands {@code %h} (the alias), {@code %d} (home), {@code %u} (local user) and {@code %%}. */
  private String tokens(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%' || i + 1 == value.length()) {
        out.append(c);
        continue;
      }
      char t = value.charAt(++i);
      out.append(switch (t) {
        case 'h', 'n' -> alias;
        case 'd' -> home();
        case 'u' -> System.getProperty("user.name");
        case '%' -> "%";
        default -> "%" + t;
      });
    }
    return out.toString();
  }

  /** {@code ~} and {@code ~/x} as the home directory. */
  static String tilde(String path) {
    if (path.equals("~")) {
      return home();
    }
    return path.startsWith("~/") ? home() + path.substring(1) : path;
  }

  private static String home() {
    return System.getProperty("user.home");
  }
}
