package dev.steady.run;

import dev.steady.check.Check;
import java.util.Locale;

/**
 * A check run on the host before a step's action, deciding whether the action runs there.
 *
 * @param kind ONLY_IF: act only when it passes; UNLESS: act only when it fails. Either way a step
 *     not needed is DONE without acting. PRECHECK: must pass, else the row is SKIPPED and the host
 *     cannot be all-clear (restart's {@code --precheck}).
 */
public record Condition(Kind kind, Check check) {

  /** How the check's outcome decides. */
  public enum Kind {
    ONLY_IF,
    UNLESS,
    PRECHECK;

    /** As written in a runbook: only_if, unless, precheck. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** True when the action should run, given whether the check passed. */
  boolean allowsAction(boolean passed) {
    return kind == Kind.UNLESS ? !passed : passed;
  }
}
