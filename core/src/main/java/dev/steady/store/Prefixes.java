package dev.steady.store;

import java.util.List;

/** The one message for an id prefix that names more than one plan or run. */
final class Prefixes {

  /** How many candidates an ambiguous prefix lists. */
  static final int CANDIDATES = 10;

  private Prefixes() {}

  /** "run id prefix 'r-1' matches 3 runs: r-1a2b3c4d, r-1f00ba47, r-1c0ffee5; give more characters". */
  static String ambiguous(String what, String prefix, List<String> matches, int shown) {
    List<String> listed = matches.stream().limit(shown).toList();
    String noun = what.startsWith("plan") ? "plans" : "runs";
    return what + " prefix '" + prefix + "' matches " + (matches.size() > shown ? "more than " + shown : matches.size()) + " " + noun
        + ": " + String.join(", ", listed) + (matches.size() > shown ? ", …" : "") + "; give more characters of the id";
  }
}
