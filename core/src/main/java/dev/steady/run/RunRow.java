package dev.steady.run;

import java.time.Instant;

/**
 * One (host, step) of a run's checklist, as stored. What the row's action is known to have done is
 * kept in the row itself, never inferred from its state, so it survives any number of crashes
 * (invariant 5): {@link #actionInFlight()} and {@link #actionCompleted()}.
 *
 * @param host inventory name
 * @param step the step's name (e.g. "restart")
 * @param position the row's place in the checklist (inventory order, then step order)
 * @param exitStatus the action's exit status, or null
 * @param actions how many times this row's action was started (resume proves it never repeats a completed one)
 * @param message the last thing worth telling about this row (one line)
 * @param actionsEnded how many of those starts have a recorded end: the action returned (with its
 *     exit status), or an operator reopened the row and so wrote the earlier starts off
 * @param actionExit the exit status of the action that returned last since the row was (re)opened,
 *     or null when none did
 */
public record RunRow(
    String run,
    String host,
    String step,
    int position,
    RowState state,
    Integer exitStatus,
    Instant startedAt,
    Instant endedAt,
    int actions,
    String message,
    int actionsEnded,
    Integer actionExit) {

  /** A row none of whose action starts has a recorded end (a new row has none). */
  public RunRow(String run, String host, String step, int position, RowState state, Integer exitStatus, Instant startedAt,
      Instant endedAt, int actions, String message) {
    this(run, host, step, position, state, exitStatus, startedAt, endedAt, actions, message, 0, null);
  }

  /** An action was started and its end is not recorded: it may have run, completely or in part. */
  public boolean actionInFlight() {
    return actions > actionsEnded;
  }

  /** The row's action is known to have returned, with exit status {@link #actionExit()}, and none started since. */
  public boolean actionCompleted() {
    return !actionInFlight() && actionExit != null;
  }
}
