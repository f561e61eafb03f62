package dev.steady.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs, their checklists and host leases live (the store implements it). Row transitions are
 * durable when the call returns: the engine stores a transition before it takes the next action.
 */
public interface RunStorage {

  /** Creates a run with its rows (all PENDING), in one transaction. */
  void createRun(RunInfo run, List<RunRow> rows);

  Optional<RunInfo> findRun(String id);

  /** The newest runs, newest last. */
  List<RunInfo> recentRuns(int limit);

  /** The rows of a run in checklist order. */
  List<RunRow> rows(String run);

  /**
   * Stores a row's new state (and exit status / message when not null); {@code actionStarted}
   * increments the row's action counter in the same transaction. Sets started_at on the first move
   * out of PENDING and ended_at on a terminal state.
   */
  void transition(String run, String host, String step, RowState state, Integer exitStatus, String message,
      boolean actionStarted, Instant at);

  /** Stores the run's end state. */
  void finishRun(String run, String state, boolean allClear, Instant at);

  /** Marks a run as running again (resume). */
  void reopenRun(String run, Instant at);

  /**
   * Takes the leases of {@code hosts} for {@code run}, all or none, atomically. Leases already held
   * by {@code run} itself count as taken. Returns the leases held by other runs that prevented it
   * (empty when acquired).
   */
  List<Lease> acquireLeases(String run, String user, List<String> hosts, Instant at);

  /** Releases every lease of {@code run}. */
  void releaseLeases(String run);

  /** The leases currently held (any run). */
  List<Lease> leases();
}
