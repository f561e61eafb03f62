package dev.steady.cli;

/** The exit statuses of DESIGN.md §3, in one place. */
final class ExitStatus {
  static final int DONE = 0;
  static final int INTERNAL = 1;
  static final int BAD_INPUT = 2;
  static final int REFUSED = 3;
  static final int NOT_ALL_CLEAR = 4;

  private ExitStatus() {}
}
