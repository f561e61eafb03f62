package dev.steady.inventory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What reading an inventory noticed without refusing it, each said once, in the order noticed. */
final class Warnings {

  private final Set<String> lines = new LinkedHashSet<>();

  void add(String line) {
    lines.add(line);
  }

  List<String> list() {
    return List.copyOf(lines);
  }
}
