package dev.steady.run;

import java.time.Instant;

/**
 * One (host, step) of a run's checklist, as stored.
 *
 * @param host inventory name
 * @param step the step's name (e.g. "restart")
 * @param position the row's place in the checklist (inventory order, then step order)
 * @param exitStatus the action's exit status, or null
 * @param actions how many times this row's action was started (resume proves it never repeats a completed one)
 * @param message the last thing worth telling about this row (one line)
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
    String message) {}
