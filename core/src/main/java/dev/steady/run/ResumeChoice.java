package dev.steady.run;

import dev.steady.failure.SteadyException;

/**
 * What an operator decided, with {@code steady resume}, for the ended rows a plain resume leaves as
 * they are (invariant 5): run the FAILED rows again after a fix, and run again or skip the rows
 * whose outcome is UNKNOWN. Each decision is audited with who made it and which rows it moved.
 *
 * @param retryFailed run every FAILED row again, with the rows SKIPPED after it on its host
 * @param rerunUnknown the token of the UNKNOWN rows to run again ({@link UnknownRows#token}), or null
 * @param skipUnknown mark every UNKNOWN row SKIPPED: not run, and the run not all-clear
 */
public record ResumeChoice(boolean retryFailed, String rerunUnknown, boolean skipUnknown) {

  /** A plain resume: ended rows stay as they are. */
  public static final ResumeChoice NONE = new ResumeChoice(false, null, false);

  public ResumeChoice {
    rerunUnknown = rerunUnknown == null ? null : rerunUnknown.strip();
    if (rerunUnknown != null && skipUnknown) {
      throw SteadyException.badInput("--rerun-unknown and --skip-unknown exclude each other: decide one thing for the rows whose"
          + " outcome is unknown; nothing was run");
    }
  }
}
