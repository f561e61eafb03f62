package dev.steady.check;

/** Quoting for the POSIX shell that runs a probe on the host: every value is one literal word. */
final class Shell {

  private Shell() {}

  /** {@code value} single-quoted, each {@code '} written as {@code '\''}; NUL cannot be passed. */
  static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot hold NUL");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
