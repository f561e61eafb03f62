package dev.steady.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.approval.ApprovalStorage;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.exec.FanOut;
import dev.steady.failure.SteadyException;
import dev.steady.failure.StoreUnreachable;
import dev.steady.inventory.Host;
import dev.steady.transport.Transport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a runbook (restart is a one-step runbook) over a fleet as one checklist of (host, step) rows:
 * hosts leased to the run, hosts worked in inventory (or reverse) order in batches at the given
 * concurrency, each host's steps in order on one identity-checked connection, gates pausing the
 * whole run, no new row once more than max-errors rows
 * failed, every transition stored before the next action (invariant 5), and the all-clear computed
 * from the rows, never declared (invariant 8). {@link #stop()} lets running rows finish and starts
 * no new one; the run can then be resumed. A run that requires a second engineer's approval (four
 * eyes) is created {@value #AWAITING_APPROVAL}, executes nothing, and is resumed only once approved.
 */
public final class RunEngine {

  /** The state of a run created for approval: rows pending, hosts leased, nothing executed yet. */
  public static final String AWAITING_APPROVAL = "awaiting_approval";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Transport transport;
  private final RunStorage storage;
  private final AuditLog audit;
  private final Approvals approvals;
  private final Clock clock;
  private final String user;
  private volatile boolean stopping;
  private volatile RunLeases leases;
  private volatile StoreOutage outage;

  /**
   * @param storage the store; when it also keeps approvals, as every {@code Store} does, a run
   *     awaiting approval can be created and is not resumed before it is approved
   */
  public RunEngine(Transport transport, RunStorage storage, AuditLog audit, Clock clock, String user) {
    this.approvals = storage instanceof ApprovalStorage kept ? new Approvals(kept, audit, clock) : null;
    this.transport = transport;
    this.storage = storage;
    this.audit = audit;
    this.clock = clock;
    this.user = user;
  }

  /** Asks the run to start no new row (Ctrl-C); rows already running finish. */
  public void stop() {
    stopping = true;
  }

  /** Starts a restart run (a one-step runbook); REFUSED when a host is leased to another unfinished run. */
  public RunInfo restart(String target, List<Host> hosts, RestartSpec spec, RateControl rate, RunListener listener) {
    RunbookPlan plan = spec.plan(target, hosts.stream().map(Host::name).toList(), rate);
    return start("restart", plan, json(Map.of("restart", spec.toMap(), "rate", rate.toMap())), hosts, listener, Gatekeeper.NONE);
  }

  /**
   * Starts a runbook run of exactly {@code plan} on {@code hosts} (the plan's hosts, in inventory
   * order); gates are passed only when {@code gates} confirms them. REFUSED when a host is leased.
   */
  public RunInfo run(RunbookPlan plan, List<Host> hosts, RunListener listener, Gatekeeper gates) {
    if (!hosts.stream().map(Host::name).toList().equals(List.copyOf(plan.hosts().keySet()))) {
      throw new IllegalArgumentException("the hosts given are not the plan's hosts");
    }
    return start("runbook", plan, json(Map.of("runbook", plan.toMap())), hosts, listener, gates);
  }

  /**
   * Creates a restart run that waits for a second engineer's approval: rows pending, hosts leased,
   * nothing executed. Once {@code steady approve} granted it, {@link #resume} starts it. REFUSED
   * when a host is leased to another unfinished run.
   */
  public RunInfo restartAwaitingApproval(String target, List<Host> hosts, RestartSpec spec, RateControl rate) {
    RunbookPlan plan = spec.plan(target, hosts.stream().map(Host::name).toList(), rate);
    return awaitApproval("restart", plan, json(Map.of("restart", spec.toMap(), "rate", rate.toMap())), hosts);
  }

  /** Like {@link #restartAwaitingApproval}, for a runbook run of exactly {@code plan} on {@code hosts}. */
  public RunInfo runAwaitingApproval(RunbookPlan plan, List<Host> hosts) {
    if (!hosts.stream().map(Host::name).toList().equals(List.copyOf(plan.hosts().keySet()))) {
      throw new IllegalArgumentException("the hosts given are not the plan's hosts");
    }
    return awaitApproval("runbook", plan, json(Map.of("runbook", plan.toMap())), hosts);
  }

  private RunInfo awaitApproval(String kind, RunbookPlan plan, String specJson, List<Host> hosts) {
    if (approvals == null) {
      throw new IllegalStateException("this engine's storage keeps no approvals: pass the Store to create a run awaiting approval");
    }
    String id = "r-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> names = hosts.stream().map(Host::name).toList();
    refuseIfLeased(id, names);
    approvals.require(Approvals.run(id), user); // before the run exists: no moment where it could be resumed unapproved
    storage.createRun(new RunInfo(id, kind, AWAITING_APPROVAL, false, user, plan.target(), clock.instant(), null, specJson),
        plan.pendingRows(id));
    audit.append("run.created", null, id, Map.of("kind", kind, "target", plan.target(), "hosts", names, "spec", specJson,
        "state", AWAITING_APPROVAL));
    return storage.findRun(id).orElseThrow();
  }

  private RunInfo start(String kind, RunbookPlan plan, String specJson, List<Host> hosts, RunListener listener, Gatekeeper gates) {
    transport.prepare(hosts);
    String id = "r-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> names = hosts.stream().map(Host::name).toList();
    RunLeases leased = RunLeases.acquire(storage, clock, id, user, names, clock.instant());
    RunInfo info = new RunInfo(id, kind, "running", false, user, plan.target(), clock.instant(), null, specJson);
    storage.createRun(info, plan.pendingRows(id));
    audit.append("run.start", null, id, Map.of("kind", kind, "target", plan.target(), "hosts", names, "spec", specJson));
    listener.started(info);
    return execute(id, plan, hosts, listener, gates, leased);
  }

  /** Continues an interrupted or stopped run, stopping at any gate still ahead: rows already ended are left alone. */
  public RunInfo resume(String runId, Function<String, Optional<Host>> inventory, RunListener listener) {
    return resume(runId, inventory, listener, Gatekeeper.NONE);
  }

  /** Continues an interrupted or stopped run: rows already ended are left alone; gates ahead ask {@code gates}. */
  public RunInfo resume(String runId, Function<String, Optional<Host>> inventory, RunListener listener, Gatekeeper gates) {
    return resume(runId, inventory, listener, gates, ResumeChoice.NONE);
  }

  /**
   * Continues an interrupted or stopped run, first applying what the operator decided for its ended
   * rows ({@code choice}; REFUSED, nothing changed, when it does not fit the run). Rows that ended
   * stay as they are otherwise; a row whose action may have run is verified, never started again
   * ({@link AfterInterruption}). With nothing left to run but rows whose outcome is unknown, the run
   * is returned unchanged: {@link NextStep} names the decisions it waits for.
   */
  public RunInfo resume(String runId, Function<String, Optional<Host>> inventory, RunListener listener, Gatekeeper gates,
      ResumeChoice choice) {
    RunInfo info = storage.findRun(runId).orElseThrow(() -> SteadyException.badInput(Resumable.noRun(runId)));
    Resumable.wrongKind(info).ifPresent(reason -> {
      throw SteadyException.badInput(reason);
    });
    if (approvals != null) {
      approvals.check(Approvals.run(runId));
    }
    List<RunRow> all = storage.rows(runId);
    OperatorDecision decision = OperatorDecision.of(runId, choice, all);
    // a run still "running" with every row ended lost its controller before it stored the run's end: resume finishes it
    Optional<String> nothingLeft = decision.isEmpty() ? Resumable.nothingLeft(info, all) : Optional.empty();
    if (nothingLeft.isPresent()) {
      if (!UnknownRows.of(all).isEmpty()) {
        return info; // NextStep names the decisions it waits for
      }
      throw SteadyException.refused(nothingLeft.get());
    }
    Instant at = clock.instant(); // take-over and acquire at one instant: one fence for all the run's leases
    Lease from = RunLeases.takeOver(storage, runId, user, at);
    all = storage.rows(runId); // as the previous controller left them, now that it can store nothing more
    decision = sameDecision(runId, choice, all, decision, at);
    Set<String> names = new LinkedHashSet<>();
    all.stream().filter(r -> !r.state().terminal()).forEach(r -> names.add(r.host()));
    names.addAll(decision.hosts());
    RunLeases leased = RunLeases.acquire(storage, clock, runId, user, List.copyOf(names), at);
    decision.apply(storage, leased.epoch(), audit, clock, user);
    List<RunRow> open = storage.rows(runId).stream().filter(r -> !r.state().terminal()).toList();
    List<Host> hosts = new ArrayList<>();
    for (String name : open.stream().map(RunRow::host).distinct().toList()) {
      inventory.apply(name).ifPresentOrElse(hosts::add, () -> open.stream().filter(r -> r.host().equals(name)).forEach(row ->
          storage.transition(runId, row.host(), row.step(), RowState.FAILED, null, row.host() + " is no longer in the inventory", false,
              clock.instant(), leased.epoch())));
    }
    storage.reopenRun(runId, clock.instant());
    audit.append("run.resume", null, runId, resumed(open.size(), from));
    listener.started(storage.findRun(runId).orElse(info));
    return execute(runId, storedPlan(info, all), hosts, listener, gates, leased);
  }

  /**
   * The decision again over the rows as they are now that this controller holds the run: when they
   * changed since it was made (the previous controller stored more before it stopped), nothing runs
   * and the leases are parked, so the operator can look and resume again at once.
   */
  private OperatorDecision sameDecision(String runId, ResumeChoice choice, List<RunRow> rows, OperatorDecision made, Instant at) {
    try {
      OperatorDecision now = OperatorDecision.of(runId, choice, rows);
      if (now.sameRows(made)) {
        return now;
      }
      throw SteadyException.refused("run " + runId + " changed while this resume took it over; nothing was run; look at"
          + " `steady status " + runId + "` and decide again");
    } catch (SteadyException e) {
      storage.parkLeases(runId, at);
      throw e;
    }
  }

  private static Map<String, Object> resumed(int rows, Lease from) {
    Map<String, Object> resumed = new LinkedHashMap<>(Map.of("rows", rows));
    if (from != null) {
      resumed.put("taken_over_from", from.user());
      resumed.put("last_heartbeat", from.heartbeatAt().toString());
      if (from.controller() != null) {
        resumed.put("controller", from.controller().describe());
        resumed.put("controller_gone", from.controllerGone());
      }
    }
    return resumed;
  }

  @SuppressWarnings("unchecked")
  private RunbookPlan storedPlan(RunInfo info, List<RunRow> rows) {
    Map<String, Object> spec = parse(info.spec());
    if ("runbook".equals(info.kind())) {
      return RunbookPlan.fromMap((Map<String, Object>) spec.get("runbook"));
    }
    RestartSpec restart = RestartSpec.fromMap((Map<String, Object>) spec.get("restart"));
    RateControl rate = RateControl.fromMap((Map<String, Object>) spec.get("rate"));
    return restart.plan(info.target(), rows.stream().map(RunRow::host).distinct().toList(), rate);
  }

  /**
   * Executes the run's open rows while its leases heartbeat; the heartbeat stops when the run ends.
   * A store outage pauses new rows ({@link StoreOutage}); one longer than the store's patience stops
   * the run, resumable, with a {@link StoreUnreachable} that says so.
   */
  private RunInfo execute(String id, RunbookPlan plan, List<Host> hosts, RunListener listener, Gatekeeper gates, RunLeases leased) {
    leases = leased;
    outage = new StoreOutage(storage.storePatience(), listener);
    leased.start(listener);
    try {
      return executeRows(id, plan, hosts, listener, gates, audit.appendingThrough(append -> outage.write(retry -> append.get())));
    } catch (StoreUnreachable e) {
      throw new StoreUnreachable("run " + id + " stopped: " + e.getMessage() + "; no new row was started, rows that were"
          + " running may have finished without their last state stored; when the store is back, `steady resume " + id
          + "` verifies them before acting again (allowed once STEADY_LEASE_TTL has passed)", e);
    } finally {
      leased.abandon();
    }
  }

  private RunInfo executeRows(String id, RunbookPlan plan, List<Host> hosts, RunListener listener, Gatekeeper gates, AuditLog audit) {
    RateControl rate = plan.rate();
    HostRunner.Rows rows = new HostRunner.Rows(storage, clock, listener, id, outage, leases);
    AtomicInteger errors = new AtomicInteger((int) rows.all().stream()
        .filter(r -> r.state() == RowState.FAILED || r.state() == RowState.REFUSED).count());
    HostRunner runner = new HostRunner(transport, rows, audit, id, plan.rowSteps(), limits(plan));
    List<Host> order = new ArrayList<>(hosts);
    if (rate.reverse()) {
      Collections.reverse(order);
    }
    List<PlannedStep> steps = plan.stepsOfAnyHost();
    boolean heldAtGate = false;
    for (int from = 0; from < steps.size() && !halted(errors, rate); ) {
      int to = nextGate(steps, from + (steps.get(from).isGate() ? 1 : 0));
      int a = from;
      List<Host> todo = order.stream().filter(h -> hasOpenRow(rows, plan, h, a, to)).toList();
      if (!todo.isEmpty() && steps.get(from).isGate() && !passGate(id, rows, audit, (StepAction.Gate) steps.get(from).action(), gates)) {
        heldAtGate = true;
        break;
      }
      runPhase(todo, rate, errors, host -> runner.work(host, plan.steps(host.name()).subList(a, to)));
      from = to;
    }
    if (outage.gaveUp()) {
      throw new StoreUnreachable("the store stayed unreachable for more than " + StoreOutage.human(storage.storePatience())
          + " (STEADY_STORE_PATIENCE)", null);
    }
    return finish(id, errors, rate, heldAtGate, listener, audit);
  }

  private void runPhase(List<Host> hosts, RateControl rate, AtomicInteger errors, Function<Host, RowState> work) {
    List<List<Host>> batches = rate.batches(hosts);
    for (int b = 0; b < batches.size() && !halted(errors, rate); b++) {
      FanOut.run(batches.get(b), rate.concurrency(), host -> {
        if (halted(errors, rate) || !outage.awaitStore() || halted(errors, rate)) {
          return null;
        }
        RowState end;
        try {
          end = work.apply(host);
        } catch (StoreUnreachable gaveUp) { // patience ran out: outage.gaveUp() halts the run
          return null;
        } catch (TakenOver gone) { // leases.lost() halts the run
          return null;
        }
        if (end == RowState.FAILED || end == RowState.REFUSED) {
          errors.incrementAndGet();
        }
        return end;
      }, r -> {});
      if (b < batches.size() - 1 && !rate.pauseBetween().isZero() && !halted(errors, rate)) {
        sleep(rate);
      }
    }
  }

  private boolean passGate(String id, HostRunner.Rows rows, AuditLog audit, StepAction.Gate gate, Gatekeeper gates) {
    audit.append("run.gate", null, id, Map.of("prompt", gate.prompt(), "state", "asked"));
    boolean passed = gates.confirm(gate);
    audit.append("run.gate", null, id, Map.of("prompt", gate.prompt(), "state", passed ? "confirmed" : "not confirmed"));
    if (!passed) {
      for (RunRow r : rows.all()) {
        if (r.state() == RowState.PENDING) {
          outage.run(() -> storage.transition(id, r.host(), r.step(), RowState.PENDING, null, "waiting at the gate '"
              + HostRunner.oneLine(gate.prompt()) + "': not confirmed; continue with `steady resume " + id + "` from a terminal", false,
              clock.instant(), leases.epoch()));
        }
      }
    }
    return passed;
  }

  private static int nextGate(List<PlannedStep> steps, int from) {
    int i = from;
    while (i < steps.size() && !steps.get(i).isGate()) {
      i++;
    }
    return i;
  }

  private static boolean hasOpenRow(HostRunner.Rows rows, RunbookPlan plan, Host host, int from, int to) {
    return plan.steps(host.name()).subList(from, to).stream()
        .anyMatch(s -> !s.isGate() && !rows.get(host.name(), s.name()).state().terminal());
  }

  private static Map<String, Semaphore> limits(RunbookPlan plan) {
    Map<String, Semaphore> limits = new HashMap<>();
    plan.stepsOfAnyHost().stream().filter(s -> s.concurrency() > 0).forEach(s -> limits.put(s.name(), new Semaphore(s.concurrency())));
    return limits;
  }

  private boolean halted(AtomicInteger errors, RateControl rate) {
    return stopping || leases.lost() || outage.gaveUp() || errors.get() > rate.maxErrors();
  }

  private RunInfo finish(String id, AtomicInteger errors, RateControl rate, boolean heldAtGate, RunListener listener, AuditLog audit) {
    if (leases.lost()) {
      return detached(id, listener, audit);
    }
    List<RunRow> rows = outage.write(retry -> storage.rows(id));
    boolean allClear = rows.stream().allMatch(r -> r.state() == RowState.DONE);
    boolean open = rows.stream().anyMatch(r -> !r.state().terminal());
    String state = allClear ? "done" : (stopping || heldAtGate) && open ? "interrupted" : "not_all_clear";
    if (open && errors.get() > rate.maxErrors()) {
      for (RunRow r : rows) {
        if (r.state() == RowState.PENDING) {
          outage.run(() -> storage.transition(id, r.host(), r.step(), RowState.PENDING, null,
              "not started: more than " + rate.maxErrors() + " rows failed (--max-errors)", false, clock.instant(), leases.epoch()));
        }
      }
    }
    outage.run(() -> storage.finishRun(id, state, allClear, clock.instant()));
    if ("interrupted".equals(state)) {
      outage.run(leases::park);
    } else {
      outage.run(leases::release);
    }
    audit.append("run.end", null, id, Map.of("state", state, "all_clear", allClear));
    RunInfo done = outage.write(retry -> storage.findRun(id).orElseThrow());
    listener.finished(done);
    return done;
  }

  /** Another controller took the run over: this one stops here and leaves the run's state to it. */
  private RunInfo detached(String id, RunListener listener, AuditLog audit) {
    audit.append("run.detached", null, id, Map.of("reason", "taken over by another controller; no new row started here"));
    RunInfo stored = outage.write(retry -> storage.findRun(id).orElseThrow());
    RunInfo mine = new RunInfo(id, stored.kind(), "interrupted", false, stored.user(), stored.target(), stored.startedAt(),
        clock.instant(), stored.spec());
    listener.finished(mine);
    return mine;
  }

  /**
   * Takes {@code hosts} for a run that no controller executes yet (one created to wait, e.g. for an
   * approval): held against every other run, but parked, so the `steady resume` that starts it takes
   * them over at once instead of waiting for a heartbeat that never comes. REFUSED when one is held.
   */
  private void refuseIfLeased(String run, List<String> hosts) {
    RunLeases.acquire(storage, clock, run, user, hosts, clock.instant()).park();
  }

  private void sleep(RateControl rate) {
    try {
      Thread.sleep(rate.pauseBetween());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run spec", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored run spec is not JSON", e);
    }
  }
}
