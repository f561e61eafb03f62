package dev.steady.inventory;

import java.util.List;

/**
 * One line of an ssh config, with the condition (its enclosing {@code Host} or {@code Match} block)
 * under which it applies, its words and its raw text after the keyword (ProxyCommand keeps that).
 */
record SshDirective(String keyword, List<String> args, String raw, SshCondition condition, SourceText file, int line) {

  SshDirective {
    args = List.copyOf(args);
  }

  String first() {
    return args.isEmpty() ? "" : args.get(0);
  }

  /** {@code file:line}. */
  String at() {
    return file.at(line);
  }
}
