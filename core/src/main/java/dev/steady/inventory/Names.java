package dev.steady.inventory;

import java.util.regex.Pattern;

/** The rule for host and group names: usable in a target without quoting or ambiguity. */
final class Names {

  private static final Pattern VALID = Pattern.compile("[^\\s,:!&~*?\\[\\]]+");

  private Names() {}

  /** Fails when {@code name} cannot be written in a target; {@code what} is "host" or "group". */
  static String check(String name, String what, SourceText file, int line) {
    if (name == null || name.isEmpty()) {
      throw file.error(line, "empty " + what + " name; give the " + what + " a name");
    }
    if (!VALID.matcher(name).matches()) {
      throw file.error(line, what + " name '" + name
          + "' may not contain spaces or any of , : ! & ~ * ? [ ]; rename it");
    }
    return name;
  }
}
