package dev.steady.run;

/**
 * Where a checklist row is. Rows move PENDING → CONNECTING → IDENTIFIED → ACTING → VERIFYING → DONE,
 * or end FAILED / REFUSED / SKIPPED / UNKNOWN. Every transition is stored before the next action
 * (invariant 5).
 */
public enum RowState {
  PENDING,
  CONNECTING,
  IDENTIFIED,
  ACTING,
  VERIFYING,
  DONE,
  FAILED,
  REFUSED,
  SKIPPED,
  /**
   * The row's action may have run before a crash, its end was not recorded, and no check proved the
   * host healthy: it is not run again until an operator decides ({@code steady resume RUN
   * --rerun-unknown TOKEN} or {@code --skip-unknown}). Never all-clear.
   */
  UNKNOWN;

  /**
   * True for the states the engine never moves a row out of on its own: DONE, FAILED, REFUSED,
   * SKIPPED and UNKNOWN. Only an operator's explicit resume decision reopens a FAILED or UNKNOWN row.
   */
  public boolean terminal() {
    return this == DONE || this == FAILED || this == REFUSED || this == SKIPPED || this == UNKNOWN;
  }
}
