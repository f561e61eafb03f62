package dev.steady.inventory;

import dev.steady.failure.SteadyException;

/** A line of an input file, so that a message names the file and line where a thing was written. */
record Where(SourceText file, int line) {

  /** {@code name:line}. */
  String at() {
    return file.at(line);
  }

  /** A bad-input failure about this line. */
  SteadyException error(String message) {
    return file.error(line, message);
  }
}
