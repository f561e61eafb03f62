package dev.steady.inventory;

import java.util.Map;

/**
 * Expands the tokens of ssh config values as {@code ssh} does after the config is read: {@code %%},
 * {@code %h} host name, {@code %n} name as typed, {@code %p} port, {@code %r} remote user, {@code
 * %u} local user, {@code %d} home, {@code %l} local host name, {@code %i} uid is not known to Java
 * and is refused with the rest; {@code ${VAR}} from the environment (files only); {@code ~} as home.
 */
final class SshTokens {

  /**
   * What the expansion knows: where steady runs and for which host.
   *
   * @param env the environment for {@code ${VAR}}
   */
  record Values(String host, String originalHost, String port, String user, String localUser, String home, String localHost,
      Map<String, String> env) {}

  private SshTokens() {}

  /** {@code value} of {@code keyword} at {@code d} with its tokens expanded; an unknown token or variable is bad input there. */
  static String expand(String value, SshDirective d, Values v, boolean variables) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 1 < value.length()) {
        out.append(token(value.charAt(++i), d, v));
      } else if (variables && c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int end = value.indexOf('}', i);
        if (end < 0) {
          throw d.file().error(d.line(), "unterminated ${ in " + d.keyword() + " '" + value + "'; fix the ssh config");
        }
        String name = value.substring(i + 2, end);
        String set = v.env().get(name);
        if (set == null) {
          throw d.file().error(d.line(), d.keyword() + " uses ${" + name + "}, which is not set in the environment; set it or fix the ssh config");
        }
        out.append(set);
        i = end;
      } else {
        out.append(c);
      }
    }
    String expanded = out.toString();
    return variables ? SshResolution.tilde(expanded, v.home()) : expanded;
  }

  private static String token(char t, SshDirective d, Values v) {
    String value = switch (t) {
      case '%' -> "%";
      case 'h' -> v.host();
      case 'n' -> v.originalHost();
      case 'p' -> v.port();
      case 'r' -> v.user();
      case 'u' -> v.localUser();
      case 'd' -> v.home();
      case 'l' -> v.localHost();
      default -> null;
    };
    if (value == null) {
      throw d.file().error(d.line(), d.keyword() + " uses the token %" + t + ", which steady does not expand; write the value out in the ssh config");
    }
    return value;
  }
}
