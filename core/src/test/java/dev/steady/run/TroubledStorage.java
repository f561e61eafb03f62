package dev.steady.run;

import dev.steady.failure.StoreUnreachable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A real store behind a switch: while {@link #down} is set, row transitions and heartbeats fail as
 * if the database were unreachable; while {@link #frozen} is set, only heartbeats fail (a controller
 * suspended, then woken: its timer missed beats, its next write goes through). Patience is short.
 */
final class TroubledStorage implements RunStorage {

  private final RunStorage store;
  private final Duration patience;
  volatile boolean down;
  volatile boolean frozen;

  TroubledStorage(RunStorage store, Duration patience) {
    this.store = store;
    this.patience = patience;
  }

  private void check() {
    if (down) {
      throw new StoreUnreachable("store test: Connection refused", null);
    }
  }

  @Override
  public void createRun(RunInfo run, List<RunRow> rows) {
    store.createRun(run, rows);
  }

  @Override
  public Optional<RunInfo> findRun(String id) {
    return store.findRun(id);
  }

  @Override
  public List<RunInfo> recentRuns(int limit) {
    return store.recentRuns(limit);
  }

  @Override
  public List<RunRow> rows(String run) {
    return store.rows(run);
  }

  @Override
  public boolean transition(String run, String host, String step, RowState state, Integer exitStatus, String message,
      boolean actionStarted, Instant at, Instant epoch) {
    check();
    return store.transition(run, host, step, state, exitStatus, message, actionStarted, at, epoch);
  }

  @Override
  public boolean actionEnded(String run, String host, String step, RowState state, int exitStatus, String message, Instant at,
      Instant epoch) {
    check();
    return store.actionEnded(run, host, step, state, exitStatus, message, at, epoch);
  }

  @Override
  public boolean reopenRow(String run, String host, String step, String message, Instant epoch) {
    check();
    return store.reopenRow(run, host, step, message, epoch);
  }

  @Override
  public void finishRun(String run, String state, boolean allClear, Instant at) {
    check();
    store.finishRun(run, state, allClear, at);
  }

  @Override
  public void reopenRun(String run, Instant at) {
    store.reopenRun(run, at);
  }

  @Override
  public List<Lease> acquireLeases(String run, String user, Controller controller, List<String> hosts, Instant at) {
    return store.acquireLeases(run, user, controller, hosts, at);
  }

  @Override
  public void releaseLeases(String run) {
    store.releaseLeases(run);
  }

  @Override
  public List<Lease> leases() {
    return store.leases();
  }

  @Override
  public Duration leaseTtl() {
    return store.leaseTtl();
  }

  @Override
  public int heartbeat(String run, Instant previous, Instant at) {
    check();
    if (frozen) {
      throw new StoreUnreachable("store test: heartbeat missed while suspended", null);
    }
    return store.heartbeat(run, previous, at);
  }

  @Override
  public List<Lease> takeOverLeases(String run, String user, Controller controller, Instant at,
      java.util.function.Predicate<Lease> gone) {
    return store.takeOverLeases(run, user, controller, at, gone);
  }

  @Override
  public Duration storePatience() {
    return patience;
  }
}
