package dev.steady.inventory;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Shell-style wildcards ({@code *}, {@code ?}, {@code [abc]}, {@code [!a-z]}) as a regular expression. */
final class Glob {

  private Glob() {}

  static boolean isGlob(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
  }

  /** The pattern; a malformed class such as {@code [z-a]} matches itself literally. */
  static Pattern compile(String glob, boolean ignoreCase) {
    int flags = ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
    try {
      return Pattern.compile(toRegex(glob), flags);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(glob), flags);
    }
  }

  static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      int close = c == '[' ? classEnd(glob, i) : -1;
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (close > 0) {
        regex.append(charClass(glob.substring(i + 1, close)));
        i = close;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return regex.toString();
  }

  /** Index of the {@code ]} closing the class opened at {@code open}, or -1 if unterminated. */
  private static int classEnd(String glob, int open) {
    int start = open + 1;
    if (start < glob.length() && glob.charAt(start) == '!') {
      start++;
    }
    int close = glob.indexOf(']', start + 1);
    return start < glob.length() && close > 0 ? close : -1;
  }

  private static String charClass(String body) {
    boolean negated = body.startsWith("!");
    String members = negated ? body.substring(1) : body;
    StringBuilder out = new StringBuilder(negated ? "[^" : "[");
    for (char m : members.toCharArray()) {
      out.append(m == '-' ? "-" : Character.isLetterOrDigit(m) ? String.valueOf(m) : "\\" + m);
    }
    return out.append(']').toString();
  }
}
