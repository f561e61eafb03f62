package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.util.function.Supplier;

/** Parses a TCP port number written in an input file. */
final class Ports {

  private Ports() {}

  static int parse(String text, Supplier<SteadyException> invalid) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) {
      throw invalid.get();
    }
    int port = Integer.parseInt(t);
    if (port < 1 || port > 65535) {
      throw invalid.get();
    }
    return port;
  }
}
