package dev.steady.inventory;

import java.util.List;
import java.util.function.Predicate;

/**
 * One line of an ssh config, with the condition (its enclosing {@code Host} block) under which it
 * applies.
 */
record SshDirective(String keyword, List<String> args, Predicate<String> condition, SourceText file, int line) {

  SshDirective {
    args = List.copyOf(args);
  }

  boolean appliesTo(String alias) {
    return condition.test(alias);
  }

  String first() {
    return args.isEmpty() ? "" : args.get(0);
  }
}
