package dev.steady.check;

import dev.steady.failure.SteadyException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a CHECK as written on the command line ({@code --verify tcp:8080}) or in a runbook: {@code
 * cmd:CMD}, {@code nagios:CMD} (a bare plugin name is found in the usual plugin folders; {@code
 * nagios-warning-ok:CMD} also accepts WARNING), {@code tcp:PORT}, {@code tcp:HOST:PORT}, {@code http(s)://URL
 * [status=NNN] [contains=TEXT]}; anything else without a known prefix is a command.
 */
public final class Checks {

  static final String EXAMPLES = "e.g. tcp:8080, http://127.0.0.1:8080/health, cmd:systemctl is-active nginx";
  private static final Pattern UNKNOWN_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

  private Checks() {}

  /** Parses a {@code --verify} value; bad specs fail with a one-line {@link SteadyException#badInput}. */
  public static Check parse(String spec) {
    return parse(spec, "--verify");
  }

  /** Parses {@code spec}; {@code source} names where it came from in errors, e.g. {@code --precheck}. */
  public static Check parse(String spec, String source) {
    return parse(spec, source, false);
  }

  /** As {@link #parse(String, String)}; with {@code warningOk} a Nagios check also passes on WARNING ({@code --warning-ok}). */
  public static Check parse(String spec, String source, boolean warningOk) {
    Check check = parseOne(spec, source);
    return warningOk && check instanceof NagiosCheck n ? new NagiosCheck(n.command(), true) : check;
  }

  private static Check parseOne(String spec, String source) {
    Spec s = new Spec(source, spec == null ? "" : spec);
    String text = s.text.strip();
    String lower = text.toLowerCase(Locale.ROOT);
    if (text.isEmpty()) {
      throw s.error("the check is empty", EXAMPLES);
    }
    if (lower.startsWith("cmd:")) {
      return new CommandCheck(s.command(text.substring(4), "cmd:systemctl is-active nginx"));
    }
    if (lower.startsWith("nagios:")) {
      return new NagiosCheck(s.command(text.substring(7), "nagios:check_procs -C nginx -c 1:"));
    }
    if (lower.startsWith("nagios-warning-ok:")) {
      return new NagiosCheck(s.command(text.substring(18), "nagios-warning-ok:check_disk -w 10% -c 5% -p /"), true);
    }
    if (lower.startsWith("tcp:")) {
      return s.tcp(text.substring(4));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return s.http(text);
    }
    if (UNKNOWN_PREFIX.matcher(text).matches()) {
      String prefix = text.substring(0, text.indexOf(':') + 1);
      throw s.error("unknown check type '" + prefix + "'; use cmd:, nagios:, tcp:, http:// or https://"
          + " (write cmd:COMMAND for a command that starts like this)", EXAMPLES);
    }
    return new CommandCheck(text);
  }

  /**
   * Reads a runbook's check: a string spec, or a map with one of {@code cmd}, {@code nagios},
   * {@code tcp} (port or HOST:PORT), {@code http} (URL, with optional {@code status} and {@code
   * contains}); {@code source} names the place, e.g. {@code restart.yaml step 3 (verify)}.
   */
  public static Check fromYaml(Object node, String source) {
    if (node instanceof String spec) {
      return parse(spec, source);
    }
    if (node instanceof Map<?, ?> map) {
      return CheckMap.read(map, source);
    }
    throw SteadyException.badInput(source + ": a check is a string such as 'tcp:8080' or a map such as"
        + " {http: 'http://127.0.0.1:8080/health', status: 200}; found " + (node == null ? "nothing" : Text.printable(node.toString())));
  }

  /** One spec being parsed, for its error messages. */
  record Spec(String source, String text) {

    SteadyException error(String problem, String example) {
      return SteadyException.badInput(source + " '" + Text.printable(text) + "': " + problem + "; " + example);
    }

    String command(String command, String example) {
      String stripped = command.strip();
      if (stripped.isEmpty()) {
        throw error("the command is empty", "e.g. " + example);
      }
      if (stripped.indexOf('\0') >= 0) {
        throw error("the command holds a NUL character", "e.g. " + example);
      }
      return stripped;
    }

    TcpCheck tcp(String address) {
      String a = address.strip();
      int colon = a.lastIndexOf(':');
      String host = colon < 0 ? TcpCheck.DEFAULT_HOST : a.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (!Text.isHostName(host)) {
        throw error("host must be a name or address (letters, digits, '.', '-', ':')", "e.g. tcp:10.0.0.5:5432 or tcp:8080");
      }
      return new TcpCheck(host, port(a.substring(colon + 1)));
    }

    private int port(String digits) {
      int port = number(digits, 5);
      if (port < 1 || port > 65535) {
        throw error("port must be a number 1-65535", "e.g. tcp:8080");
      }
      return port;
    }

    HttpCheck http(String text) {
      int space = firstSpace(text);
      String url = space < 0 ? text : text.substring(0, space);
      if (!Text.isHttpUrl(url)) {
        throw error("not a valid URL", "e.g. http://127.0.0.1:8080/health status=200 contains=ok");
      }
      int status = HttpCheck.DEFAULT_STATUS;
      String rest = space < 0 ? "" : text.substring(space).stripLeading();
      while (!rest.isEmpty()) {
        if (rest.startsWith("contains=")) {
          return new HttpCheck(url, status, contains(rest.substring(9)));
        }
        int end = firstSpace(rest);
        String option = end < 0 ? rest : rest.substring(0, end);
        status = status(option);
        rest = end < 0 ? "" : rest.substring(end).stripLeading();
      }
      return new HttpCheck(url, status, null);
    }

    private int status(String option) {
      if (!option.startsWith("status=")) {
        throw error("unknown option '" + option + "'; options are status=NNN and contains=TEXT (last, may hold spaces)",
            "e.g. http://127.0.0.1:8080/health status=200 contains=ok");
      }
      int status = number(option.substring(7), 3);
      if (status < 100 || status > 599) {
        throw error("status must be an HTTP status 100-599", "e.g. http://127.0.0.1:8080/ status=204");
      }
      return status;
    }

    private String contains(String text) {
      if (text.isEmpty() || text.indexOf('\0') >= 0) {
        throw error("contains= needs the text the body must hold", "e.g. http://127.0.0.1:8080/health contains=\"status\":\"UP\"");
      }
      return text;
    }

    private static int number(String digits, int maxDigits) {
      return digits.matches("[0-9]{1," + maxDigits + "}") ? Integer.parseInt(digits) : -1;
    }

    private static int firstSpace(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (Character.isWhitespace(text.charAt(i))) {
          return i;
        }
      }
      return -1;
    }
  }
}
