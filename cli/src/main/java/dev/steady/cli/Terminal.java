package dev.steady.cli;

import dev.steady.inventory.Host;

/** Colours and escaping for a human reading a terminal. Production is red everywhere. */
final class Terminal {

  private static final String RESET = "\u001b[0m";
  private static final Screen.Size DEFAULT_SIZE = new Screen.Size(80, 24);
  private final boolean color;
  private final boolean live;
  private final Screen.Size fallback;

  private Terminal(boolean color, boolean live, Screen.Size fallback) {
    this.color = color;
    this.live = live;
    this.fallback = fallback;
  }

  /**
   * What this process may draw. Colour: not with {@code --no-color} (or {@code --json}), not when
   * {@code NO_COLOR} is set to anything but the empty string (no-color.org), not on a dumb terminal
   * ({@code TERM=dumb}), not when stdout is not a terminal ({@code STEADY_FORCE_COLOR=1}
   * forces it there). Live redrawing (cursor movement): only on a terminal whose TERM is set and not
   * dumb, with or without colour.
   */
  static Terminal detect(boolean noColor) {
    String term = System.getenv("TERM");
    boolean dumb = "dumb".equals(term);
    String noColorEnv = System.getenv("NO_COLOR");
    boolean tty = interactive();
    boolean forced = "1".equals(System.getenv("STEADY_FORCE_COLOR"));
    boolean color = !noColor && (noColorEnv == null || noColorEnv.isEmpty()) && !dumb && (tty || forced);
    Screen.Size fallback = new Screen.Size(number(System.getenv("COLUMNS"), DEFAULT_SIZE.columns()),
        number(System.getenv("LINES"), DEFAULT_SIZE.lines()));
    return new Terminal(color, tty && !dumb && term != null && !term.isBlank(), fallback);
  }

  /** True when {@code --no-color}, a set {@code NO_COLOR} or a dumb terminal asks for no colour (for --help). */
  static boolean colourRefused(boolean noColorOption) {
    String term = System.getenv("TERM");
    String noColorEnv = System.getenv("NO_COLOR");
    return noColorOption || noColorEnv != null && !noColorEnv.isEmpty() || "dumb".equals(term);
  }

  private static int number(String s, int fallback) {
    try {
      int n = s == null ? fallback : Integer.parseInt(s.strip());
      return n > 0 ? n : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /**
   * True when a person is at a terminal: a console exists and (on JDK 22+, where a console may exist
   * for redirected streams) it reports being a terminal.
   */
  static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: System.console() is null unless both stdin and stdout are a terminal
    }
  }

  static Terminal plain() {
    return new Terminal(false, false, DEFAULT_SIZE);
  }

  boolean color() {
    return color;
  }

  /** True when output may be redrawn in place: stdout is a terminal that is not dumb. */
  boolean live() {
    return live;
  }

  /** The terminal's size now (it follows resizes); $COLUMNS x $LINES or 80x24 when it cannot be read. */
  Screen.Size size() {
    return Screen.size(fallback);
  }

  String red(String s) {
    return paint("\u001b[31;1m", s);
  }

  String green(String s) {
    return paint("\u001b[32m", s);
  }

  String amber(String s) {
    return paint("\u001b[33m", s);
  }

  String bold(String s) {
    return paint("\u001b[1m", s);
  }

  String dim(String s) {
    return paint("\u001b[2m", s);
  }

  /** A host name coloured by environment: production red, staging amber. */
  String host(Host host) {
    String name = safe(host.name());
    if (host.isProduction()) {
      return red(name);
    }
    return "staging".equals(host.env()) ? amber(name) : name;
  }

  String env(Host host) {
    String env = safe(host.env());
    return host.isProduction() ? red(env) : "staging".equals(host.env()) ? amber(env) : env;
  }

  /** A state word coloured: ok green, failed/refused red, unreachable amber. */
  String state(String state) {
    return switch (state) {
      case "ok" -> green(state);
      case "failed", "refused", "mismatch", "unknown_key" -> red(state.toUpperCase());
      case "unreachable" -> amber(state.toUpperCase());
      default -> state;
    };
  }

  private String paint(String code, String s) {
    return color ? code + s + RESET : s;
  }

  /**
   * Makes untrusted text safe for one terminal line: control characters (newline, ESC…) become
   * {@code \xNN}, so a host name or output can neither start a new line nor move the cursor.
   */
  static String safe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /** Multi-line output made safe line by line (tabs kept). */
  static String safeLines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      String bare = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      out.append(safe(bare.replace("\t", "    ")));
    }
    return out.toString();
  }
}
