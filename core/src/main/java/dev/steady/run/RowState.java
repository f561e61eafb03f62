package dev.steady.run;

/**
 * Where a checklist row is. Rows move PENDING → CONNECTING → IDENTIFIED → ACTING → VERIFYING → DONE,
 * or end FAILED / REFUSED / SKIPPED. Every transition is stored before the next action (invariant 5).
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
  SKIPPED;

  /** True for the states a row never leaves. */
  public boolean terminal() {
    return this == DONE || this == FAILED || this == REFUSED || this == SKIPPED;
  }
}
