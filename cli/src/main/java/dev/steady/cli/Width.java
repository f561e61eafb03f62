package dev.steady.cli;

/**
 * How many terminal columns text takes, and how to cut it to a number of columns: ANSI colour codes
 * take none, combining marks none, East Asian wide characters and emoji two. A row that is even one
 * column wider than the terminal wraps, and a live view that redraws in place then moves up one line
 * too few and leaves copies of rows behind; so every live line is cut by these rules, not by length.
 */
final class Width {

  static final String ELLIPSIS = "…";
  private static final String COLOUR = "\u001b\\[[0-9;]*m";

  private Width() {}

  /** The columns {@code s} takes on a terminal. */
  static int of(String s) {
    int columns = 0;
    for (int i = 0; i < s.length(); ) {
      int skip = escape(s, i);
      if (skip > 0) {
        i += skip;
        continue;
      }
      int c = s.codePointAt(i);
      columns += columns(c);
      i += Character.charCount(c);
    }
    return columns;
  }

  /**
   * {@code s} in at most {@code max} columns: unchanged when it fits, else cut and ended with an
   * ellipsis; colour codes are kept, and a reset is added after a cut inside a coloured part.
   */
  static String fit(String s, int max) {
    if (of(s) <= max) {
      return s;
    }
    if (max <= 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    boolean coloured = false;
    for (int i = 0; i < s.length(); ) {
      int skip = escape(s, i);
      if (skip > 0) {
        String code = s.substring(i, i + skip);
        out.append(code);
        coloured = !code.equals("\u001b[0m");
        i += skip;
        continue;
      }
      int c = s.codePointAt(i);
      int w = columns(c);
      if (used + w > max - 1) {
        break;
      }
      out.appendCodePoint(c);
      used += w;
      i += Character.charCount(c);
    }
    out.append(ELLIPSIS);
    if (coloured) {
      out.append("\u001b[0m");
    }
    return out.toString();
  }

  /** {@code s} without colour codes. */
  static String plain(String s) {
    return s.replaceAll(COLOUR, "");
  }

  /** The length of the colour code starting at {@code i}, or 0. */
  private static int escape(String s, int i) {
    if (s.charAt(i) != '\u001b' || i + 1 >= s.length() || s.charAt(i + 1) != '[') {
      return 0;
    }
    int j = i + 2;
    while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';')) {
      j++;
    }
    return j < s.length() && s.charAt(j) == 'm' ? j + 1 - i : 0;
  }

  /** wcwidth, as terminals count it for the characters a host name or a message may hold. */
  static int columns(int c) {
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT || c == 0x200b) {
      return 0;
    }
    return wide(c) ? 2 : 1;
  }

  private static boolean wide(int c) {
    return c >= 0x1100 && c <= 0x115f || c >= 0x2e80 && c <= 0x303e || c >= 0x3041 && c <= 0x33ff || c >= 0x3400 && c <= 0x4dbf
        || c >= 0x4e00 && c <= 0x9fff || c >= 0xa000 && c <= 0xa4cf || c >= 0xac00 && c <= 0xd7a3 || c >= 0xf900 && c <= 0xfaff
        || c >= 0xfe30 && c <= 0xfe4f || c >= 0xff00 && c <= 0xff60 || c >= 0xffe0 && c <= 0xffe6 || c >= 0x1f300 && c <= 0x1f64f
        || c >= 0x1f900 && c <= 0x1f9ff || c >= 0x20000 && c <= 0x3fffd;
  }
}
