package dev.steady.inventory;

import java.util.ArrayList;
import java.util.List;

/** Splits one INI host line like a POSIX shell: whitespace, '…' and "…" quoting, {@code #} comments. */
final class IniTokens {

  private IniTokens() {}

  /** The tokens of {@code line}; an unterminated quote fails with the line number. */
  static List<String> split(String line, SourceText file, int lineNo) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          token.append(line.charAt(++i));
        } else {
          token.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        token = flush(tokens, token);
      } else if (c == '#' && token == null) {
        break;
      } else {
        token = token == null ? new StringBuilder() : token;
        if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '\\' && i + 1 < line.length()) {
          token.append(line.charAt(++i));
        } else {
          token.append(c);
        }
      }
    }
    if (quote != 0) {
      throw file.error(lineNo, "unterminated " + quote + " quote; close the quote or remove it");
    }
    flush(tokens, token);
    return tokens;
  }

  private static StringBuilder flush(List<String> tokens, StringBuilder token) {
    if (token != null) {
      tokens.add(token.toString());
    }
    return null;
  }
}
