package dev.steady.inventory;

import java.util.ArrayList;
import java.util.List;

/** Splits a target into its terms at {@code :} and {@code ,}, leaving {@code [..]} classes whole. */
final class TargetTerms {

  private TargetTerms() {}

  /** The non-blank terms, stripped, in order. */
  static List<String> split(String target) {
    List<String> terms = new ArrayList<>();
    StringBuilder term = new StringBuilder();
    int depth = 0;
    for (char c : target.toCharArray()) {
      if ((c == ':' || c == ',') && depth == 0) {
        add(terms, term);
        term.setLength(0);
        continue;
      }
      depth += c == '[' ? 1 : c == ']' && depth > 0 ? -1 : 0;
      term.append(c);
    }
    add(terms, term);
    return terms;
  }

  private static void add(List<String> terms, StringBuilder term) {
    String t = term.toString().strip();
    if (!t.isEmpty()) {
      terms.add(t);
    }
  }
}
