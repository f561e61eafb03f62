package dev.steady.transport;

/** Quoting for a remote POSIX shell: every user-supplied value reaches it as one literal word. */
public final class Shell {

  private Shell() {}

  /**
   * {@code value} single-quoted, each {@code '} written {@code '\''}: the shell expands nothing
   * inside ({@code $}, backticks, globs, newlines all stay literal).
   *
   * @throws IllegalArgumentException for a NUL byte, which no shell word can hold
   */
  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot contain a NUL byte");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
