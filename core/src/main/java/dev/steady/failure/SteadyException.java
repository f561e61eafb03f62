package dev.steady.failure;

/**
 * A failure a user can act on: its message is one line that names the input and ends with the fix.
 * Front ends map {@link #kind()} to an exit status and never print a stack trace for it.
 */
public class SteadyException extends RuntimeException {

  /** What kind of failure this is; front ends map it to the exit statuses of DESIGN.md. */
  public enum Kind {
    /** Usage, unreadable or malformed file, unknown host or plan: nothing changed (exit 2). */
    BAD_INPUT,
    /** Refused by a guard before anything changed (exit 3). */
    REFUSED
  }

  private final Kind kind;

  public SteadyException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SteadyException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Bad input: nothing was changed and the message names the input and the fix. */
  public static SteadyException badInput(String message) {
    return new SteadyException(Kind.BAD_INPUT, message);
  }

  public static SteadyException badInput(String message, Throwable cause) {
    return new SteadyException(Kind.BAD_INPUT, message, cause);
  }

  /** A guard refused: nothing was changed. */
  public static SteadyException refused(String message) {
    return new SteadyException(Kind.REFUSED, message);
  }
}
