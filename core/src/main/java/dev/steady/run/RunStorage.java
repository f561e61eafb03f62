package dev.steady.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where runs, their checklists and host leases live (the store implements it). Row transitions are
 * durable when the call returns: the engine stores a transition before it takes the next action.
 */
public interface RunStorage {

  /** Creates a run with its rows (all PENDING), in one transaction. */
  void createRun(RunInfo run, List<RunRow> rows);

  Optional<RunInfo> findRun(String id);

  /**
   * The run {@code idOrPrefix} names: its whole id, or any prefix of it that no other run shares
   * (the front ends accept what they print, and less).
   *
   * @throws dev.steady.failure.SteadyException bad input when the prefix names more than one run
   *     (the message lists them)
   */
  default Optional<RunInfo> lookupRun(String idOrPrefix) {
    return findRun(idOrPrefix);
  }

  /** The newest runs, newest last. */
  List<RunInfo> recentRuns(int limit);

  /** The rows of a run in checklist order. */
  List<RunRow> rows(String run);

  /**
   * Stores a row's new state (and exit status / message when not null); {@code actionStarted}
   * increments the row's action counter in the same transaction. Sets started_at on the first move
   * out of PENDING and ended_at on a terminal state.
   */
  default void transition(String run, String host, String step, RowState state, Integer exitStatus, String message,
      boolean actionStarted, Instant at) {
    transition(run, host, step, state, exitStatus, message, actionStarted, at, null);
  }

  /**
   * The controller's transition, fenced: stored only while {@code run} holds {@code host}'s lease
   * under {@code epoch}, the instant of this controller's acquire or take-over (its {@link
   * Lease#acquiredAt()}, to the millisecond; null stores unfenced). Returns false, storing nothing,
   * when the lease has another epoch or is gone: another controller took the run over, and this one
   * must not act on the host. Check and write are one statement, so a controller that was suspended
   * past the lease TTL cannot write ahead, and so cannot act, after a take-over.
   */
  boolean transition(String run, String host, String step, RowState state, Integer exitStatus, String message,
      boolean actionStarted, Instant at, Instant epoch);

  /**
   * Records, fenced like {@link #transition(String, String, String, RowState, Integer, String, boolean,
   * Instant, Instant)} and in the same single update as the row's new state, that the row's action
   * returned with {@code exitStatus}: every start so far has ended ({@link RunRow#actionsEnded()}
   * becomes {@link RunRow#actions()}) and {@link RunRow#actionExit()} is {@code exitStatus}. A resume
   * after any number of crashes then knows the action completed and never starts it again.
   */
  boolean actionEnded(String run, String host, String step, RowState state, int exitStatus, String message, Instant at,
      Instant epoch);

  /**
   * An operator's decision to run an ended row again ({@code --retry-failed}, {@code
   * --rerun-unknown}): fenced like a transition, the row becomes PENDING, not ended, without exit
   * status or start time, its earlier action starts written off as ended and its {@link
   * RunRow#actionExit()} cleared, so the next start is a fresh one. Returns false when the fence
   * refused it.
   */
  boolean reopenRow(String run, String host, String step, String message, Instant epoch);

  /**
   * Keeps the head of what a start of a row's action printed ({@link ActionOutput}), apart from the
   * audit chain; a second call for the same start changes nothing. A storage that keeps no output (a
   * test double) ignores it: the audit's digest stays the record.
   */
  default void keepOutput(ActionOutput output) {}

  /** The kept outputs of {@code host}'s rows in {@code run}, by step and start. */
  default List<ActionOutput> outputs(String run, String host) {
    return List.of();
  }

  /** Stores the run's end state. */
  void finishRun(String run, String state, boolean allClear, Instant at);

  /** Marks a run as running again (resume). */
  void reopenRun(String run, Instant at);

  /**
   * Takes the leases of {@code hosts} for {@code run}, all or none, atomically. Leases already held
   * by {@code run} itself count as taken (and their heartbeat is refreshed). Returns the leases held
   * by other runs that prevented it (empty when acquired). A lease whose heartbeat stopped more than
   * {@link #leaseTtl()} ago still refuses: it belongs to an unfinished run whose hosts may be half
   * changed, and only {@link #takeOverLeases} (by {@code steady resume} of that run) moves it; the
   * caller can tell such a lease by its {@link Lease#heartbeatAt()}.
   */
  default List<Lease> acquireLeases(String run, String user, List<String> hosts, Instant at) {
    return acquireLeases(run, user, null, hosts, at);
  }

  /**
   * {@link #acquireLeases(String, String, List, Instant)}, recording {@code controller} (null: not
   * recorded) with every lease it takes or refreshes, so a later resume on the same machine can tell
   * whether that process still runs.
   */
  List<Lease> acquireLeases(String run, String user, Controller controller, List<String> hosts, Instant at);

  /** Releases every lease of {@code run}. */
  void releaseLeases(String run);

  /** The leases currently held (any run). */
  List<Lease> leases();

  /**
   * How long a lease outlives its run's last {@link #heartbeat}: {@code STEADY_LEASE_TTL}, default
   * 15 seconds. A controller must heartbeat well within it (every TTL/5). A lease whose controller is
   * {@linkplain Lease#controllerGone() provably gone} does not wait for it.
   */
  Duration leaseTtl();

  /**
   * Refreshes the heartbeat of every lease {@code run} holds; returns how many it holds (0 when
   * released). Not fenced: after a take-over it refreshes the new holder's leases too, so a
   * controller should use {@link #heartbeat(String, Instant, Instant)}.
   */
  default int heartbeat(String run, Instant at) {
    return heartbeat(run, null, at);
  }

  /**
   * The fenced heartbeat: refreshes, to {@code at}, the leases of {@code run} whose heartbeat is
   * still {@code previous} (the {@code at} of this controller's last acquire, take-over or
   * heartbeat, to the millisecond; null refreshes all). Returns how many it refreshed. Fewer than
   * the controller leased means another controller took the run over (or the leases were released):
   * this controller must stop acting on those hosts.
   */
  int heartbeat(String run, Instant previous, Instant at);

  /**
   * {@code steady resume}'s take-over: when no lease of {@code run} had a heartbeat within {@link
   * #leaseTtl()} before {@code at} (its controller is gone), they become {@code user}'s with a fresh
   * heartbeat and {@code at} as their acquired time (the new controller's epoch, which fences the
   * old controller's transitions out), atomically, and the result is empty. Otherwise nothing
   * changes and the result is the run's live leases (the holder's user and last heartbeat): another controller still drives it.
   * A run holding no lease gets an empty result; resume then calls {@link #acquireLeases}.
   */
  default List<Lease> takeOverLeases(String run, String user, Instant at) {
    return takeOverLeases(run, user, null, at, lease -> false);
  }

  /**
   * {@link #takeOverLeases(String, String, Instant)} by {@code controller} (recorded with the leases
   * it takes), where a lease for which {@code gone} is true counts as dead whatever its heartbeat:
   * its controller provably no longer runs ({@link Lease#controllerGone()}). The test runs inside
   * the take-over's lock.
   */
  List<Lease> takeOverLeases(String run, String user, Controller controller, Instant at, Predicate<Lease> gone);

  /**
   * Leaves {@code run}'s leases held (no other run may take its hosts) but stops vouching for them,
   * fenced like {@link #heartbeat(String, Instant, Instant)}: a run stopped cleanly (Ctrl-C, a gate)
   * can then be taken over by {@code steady resume} at once instead of after {@link #leaseTtl()}.
   * Returns how many leases it parked.
   */
  default int parkLeases(String run, Instant previous) {
    return heartbeat(run, previous, Instant.EPOCH);
  }

  /**
   * How long a run waits for an unreachable store, its new rows paused, before it stops
   * (resumable): {@code STEADY_STORE_PATIENCE}, default five minutes.
   */
  default Duration storePatience() {
    return Duration.ofMinutes(5);
  }
}
