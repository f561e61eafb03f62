package dev.steady.check;

import java.time.Duration;
import java.util.Set;

/**
 * One attempt of a check on one host: only {@code passed} (status OK) counts towards an all-clear
 * (invariant 8); every other outcome, including a check that could not run, is a failure.
 *
 * @param status OK, WARNING, CRITICAL, UNKNOWN (Nagios), FAILED (the check ran and did not pass) or
 *     ERROR (it could not be performed: connection lost, no probe tool on the host)
 * @param exitStatus the exit status of the command or probe, or null when none was seen
 * @param message the first line of output or the reason, on one line, safe to print
 */
public record CheckResult(boolean passed, String status, Integer exitStatus, String message, Duration elapsed) {

  public static final String OK = "OK";
  public static final String WARNING = "WARNING";
  public static final String CRITICAL = "CRITICAL";
  public static final String UNKNOWN = "UNKNOWN";
  public static final String FAILED = "FAILED";
  public static final String ERROR = "ERROR";
  private static final Set<String> STATUSES = Set.of(OK, WARNING, CRITICAL, UNKNOWN, FAILED, ERROR);

  public CheckResult {
    if (!STATUSES.contains(status) || passed != status.equals(OK)) {
      throw new IllegalArgumentException("check result status " + status + " with passed=" + passed);
    }
    message = Text.printable(message == null ? "" : message);
  }

  static CheckResult of(String status, Integer exitStatus, String message, Duration elapsed) {
    return new CheckResult(status.equals(OK), status, exitStatus, message, elapsed);
  }

  /** A one-line summary, e.g. {@code CRITICAL (exit 2): PROCS CRITICAL: 0 processes}. */
  public String summary() {
    return status + (exitStatus == null ? "" : " (exit " + exitStatus + ")") + ": " + message;
  }
}
