package dev.steady.check;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small text rules of checks: what a value may hold and how output is made safe to print. */
final class Text {

  static final int MAX_MESSAGE = 400;
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\-]+");

  private Text() {}

  static void requireCommand(String command) {
    if (command == null || command.isBlank() || command.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a check command must be non-blank and hold no NUL");
    }
  }

  static boolean isHostName(String host) {
    return HOST.matcher(host).matches() && !host.startsWith("-");
  }

  static boolean isHttpUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("http://") || lower.startsWith("https://")) || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return false;
    }
    try {
      return URI.create(url).getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The first non-blank line of {@code text}, stripped, or "" when there is none. */
  static String firstLine(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  /**
   * {@code text} on one line, safe for a terminal: control, C1 and bidi-override characters shown
   * as escapes ({@code \n}, {@code \x1b}, {@code \u202e}), cut to {@value #MAX_MESSAGE} characters.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE; i++) {
      out.append(escape(text.charAt(i)));
    }
    return out.length() < MAX_MESSAGE ? out.toString() : out.substring(0, MAX_MESSAGE) + "…";
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> unsafe(c) ? (c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c))
          : String.valueOf(c);
    };
  }

  private static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e || c == 0x200f;
  }
}
