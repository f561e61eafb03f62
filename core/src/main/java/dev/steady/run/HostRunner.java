package dev.steady.run;

import dev.steady.audit.AuditLog;
import dev.steady.check.CheckResult;
import dev.steady.check.CheckRunner;
import dev.steady.failure.StoreUnreachable;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifiedConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Works one host's open rows of a phase on ONE connection whose identity was proven first
 * (invariant 2), steps in order, storing each transition before the next action (invariant 5). A
 * failed or refused step ends the host: its later rows are SKIPPED.
 */
final class HostRunner {

  private final IdentityGate gate;
  private final Rows rows;
  private final AuditLog audit;
  private final String run;
  private final List<String> rowSteps;
  private final Map<String, Semaphore> limits;

  HostRunner(Transport transport, Rows rows, AuditLog audit, String run, List<String> rowSteps, Map<String, Semaphore> limits) {
    this.gate = new IdentityGate(transport);
    this.rows = rows;
    this.audit = audit;
    this.run = run;
    this.rowSteps = rowSteps;
    this.limits = limits;
  }

  /** Works {@code host}'s unfinished rows among {@code phase}; returns FAILED or REFUSED when one did, else DONE or SKIPPED. */
  RowState work(Host host, List<PlannedStep> phase) {
    List<PlannedStep> open = phase.stream().filter(s -> !s.isGate() && !rows.get(host.name(), s.name()).state().terminal()).toList();
    if (open.isEmpty()) {
      return RowState.DONE;
    }
    Map<String, RunRow> before = new HashMap<>();
    open.forEach(s -> before.put(s.name(), rows.get(host.name(), s.name())));
    PlannedStep first = open.getFirst();
    rows.move(host.name(), first.name(), RowState.CONNECTING, null, null, false);
    Reached reached = gate.open(host, audit, run);
    if (!(reached instanceof Reached.Verified verified)) {
      return stopHost(host, first, reached instanceof Reached.Refused ? RowState.REFUSED : RowState.FAILED, message(reached));
    }
    Identity identity = reached.identity();
    PlannedStep current = first;
    try (VerifiedConnection connection = verified.connection()) {
      for (PlannedStep step : open) {
        current = step;
        rows.move(host.name(), step.name(), RowState.IDENTIFIED, null, step == first ? "identity ok: " + identity.fingerprint()
            : "identity ok (same connection)", false);
        RunRow stored = before.get(step.name());
        StepWork work = new StepWork(host, connection, step, rows, audit, run);
        RowState end = limited(step, () -> work.act(stored));
        if (end != RowState.DONE) {
          skipAfter(host, step, stopped(end));
          return end;
        }
      }
      return RowState.DONE;
    } catch (StoreUnreachable e) {
      throw e; // the store stayed away longer than its patience: the run stops, this row is not failed
    } catch (TakenOver e) {
      throw e; // the run is another controller's now: store nothing more, act no more
    } catch (RuntimeException e) {
      return stopHost(host, current, RowState.FAILED, "internal error: " + e);
    }
  }

  private RowState limited(PlannedStep step, Supplier<RowState> work) {
    Semaphore limit = limits.get(step.name());
    if (limit == null) {
      return work.get();
    }
    limit.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      limit.release();
    }
  }

  private RowState stopHost(Host host, PlannedStep step, RowState state, String message) {
    rows.move(host.name(), step.name(), state, null, message, false);
    skipAfter(host, step, state == RowState.REFUSED ? "was refused" : "failed");
    return state;
  }

  /** Every later row of the host that has not ended becomes SKIPPED, naming the step that stopped it. */
  private void skipAfter(Host host, PlannedStep step, String why) {
    for (String later : rowSteps.subList(rowSteps.indexOf(step.name()) + 1, rowSteps.size())) {
      if (!rows.get(host.name(), later).state().terminal()) {
        rows.move(host.name(), later, RowState.SKIPPED, null, "not run: previous step '" + step.name() + "' " + why, false);
      }
    }
  }

  private static String stopped(RowState end) {
    return switch (end) {
      case SKIPPED -> "was skipped";
      case UNKNOWN -> "has an unknown outcome";
      default -> "failed";
    };
  }

  private static String message(Reached reached) {
    return reached instanceof Reached.Unreachable ? "unreachable: " + reached.identity().message() : reached.identity().message();
  }

  static String oneLine(String s) {
    String flat = s.replaceAll("\\s*\\R\\s*", " ").strip();
    return flat.length() > 400 ? flat.substring(0, 400) + "…" : flat;
  }

  /**
   * The live rows of a run: stores each transition, fenced by the controller's lease epoch, then
   * updates the copy and tells the listener. A transition the fence refuses throws {@link TakenOver}.
   */
  static final class Rows {

    private final Map<String, RunRow> byKey = new java.util.concurrent.ConcurrentHashMap<>();
    private final RunStorage storage;
    private final Clock clock;
    private final RunListener listener;
    private final String run;
    private final StoreOutage outage;
    private final RunLeases leases;

    Rows(RunStorage storage, Clock clock, RunListener listener, String run, StoreOutage outage, RunLeases leases) {
      this.storage = storage;
      this.clock = clock;
      this.listener = listener;
      this.run = run;
      this.outage = outage;
      this.leases = leases;
      storage.rows(run).forEach(r -> byKey.put(key(r.host(), r.step()), r));
    }

    RunRow get(String host, String step) {
      return byKey.get(key(host, step));
    }

    List<RunRow> all() {
      return List.copyOf(byKey.values());
    }

    void move(String host, String step, RowState state, Integer exit, String message, boolean actionStarted) {
      Instant at = clock.instant();
      String line = message == null ? null : oneLine(message);
      int actions = get(host, step).actions() + (actionStarted ? 1 : 0);
      boolean stored = outage.write(retry -> {
        // A retried write may have been stored before the connection broke: count an action once.
        if (retry && actionStarted && stored(host, step, state, actions)) {
          return true;
        }
        return storage.transition(run, host, step, state, exit, line, actionStarted, at, leases.epoch());
      });
      fenced(stored, host);
      changed(host, step, state, exit, line, at, actionStarted ? 1 : 0, false);
    }

    /**
     * Stores that the row's action returned with {@code exit} as the row moves to {@code state}, in
     * one fenced update ({@link RunStorage#actionEnded}); a resume never starts it again.
     */
    void ended(String host, String step, RowState state, int exit, String message) {
      Instant at = clock.instant();
      String line = message == null ? null : oneLine(message);
      fenced(outage.write(retry -> storage.actionEnded(run, host, step, state, exit, line, at, leases.epoch())), host);
      changed(host, step, state, exit, line, at, 0, true);
    }

    /**
     * Keeps the head of what the row's latest action start printed ({@link ActionOutput}). It is for
     * reading, not a record (the audit holds the digest), so a store that fails here changes nothing
     * about the run: its next transition waits for the store as always.
     */
    void keepOutput(String host, String step, dev.steady.transport.CommandResult result) {
      try {
        storage.keepOutput(ActionOutput.of(run, host, step, get(host, step).actions(), result, clock.instant()));
      } catch (RuntimeException lost) {
        // not kept: the row page says no output was kept
      }
    }

    /** A write the lease fence refused: the run is another controller's now, and this one stops acting. */
    private void fenced(boolean stored, String host) {
      if (!stored) {
        leases.takenOver(listener);
        throw new TakenOver(run, host);
      }
    }

    private void changed(String host, String step, RowState state, Integer exit, String line, Instant at, int started, boolean ended) {
      RunRow updated = byKey.compute(key(host, step), (k, r) -> new RunRow(run, host, step, r.position(), state,
          exit != null ? exit : r.exitStatus(), r.startedAt() != null ? r.startedAt() : at, state.terminal() ? at : null,
          r.actions() + started, line != null ? line : r.message(), ended ? r.actions() + started : r.actionsEnded(),
          ended ? exit : r.actionExit()));
      listener.rowChanged(updated);
    }

    private boolean stored(String host, String step, RowState state, int actions) {
      return storage.rows(run).stream().anyMatch(r -> r.host().equals(host) && r.step().equals(step) && r.state() == state
          && r.actions() == actions);
    }

    private static String key(String host, String step) {
      return host + "\n" + step;
    }
  }
}
