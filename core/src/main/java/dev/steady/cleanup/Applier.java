package dev.steady.cleanup;

import dev.steady.approval.ApprovalStorage;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.exec.FanOut;
import dev.steady.failure.SteadyException;
import dev.steady.failure.StoreUnreachable;
import dev.steady.inventory.Host;
import dev.steady.plan.ApplyListener;
import dev.steady.plan.ApplyReport;
import dev.steady.plan.ApplyRequest;
import dev.steady.plan.HostApplied;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlanStorage;
import dev.steady.run.HostLeases;
import dev.steady.run.RunStorage;
import dev.steady.store.StoreException;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.time.Clock;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Applies a stored plan, exactly: never re-evaluates criteria (invariant 4), refuses an expired,
 * applied or already-claimed plan and a wrong token, re-checks identity on each acting connection
 * (invariant 2), and lets the host-side agent delete a file only if it is still the reviewed file
 * (invariant 3). Every result is stored as it arrives, so an interrupted apply can be resumed. A
 * plan that requires a second engineer's approval (four eyes) is refused until it is approved.
 *
 * <p>No deletion without a record (invariant 5): before anything is deleted the plan's stored files
 * must still hash to its id; an apply holds its hosts' leases like a run (a second apply or resume is
 * refused while it runs); each host's agent runs at most {@link RecordWindow#FILES} files ahead of
 * the results committed to the store; and when the store fails, every host stops at once.
 */
public final class Applier {

  private final IdentityGate gate;
  private final PlanStorage storage;
  private final AuditLog audit;
  private final Clock clock;
  private final Function<String, Optional<Host>> inventory;
  private final ApprovalStorage approvals;
  private final RunStorage leases;
  private final Set<Halt> running = ConcurrentHashMap.newKeySet();

  /**
   * @param storage the store: its plans, its approvals (so no front end can apply a plan that
   *     still waits for a second engineer) and its host leases
   */
  public <S extends PlanStorage & ApprovalStorage & RunStorage> Applier(Transport transport, S storage, AuditLog audit, Clock clock,
      Function<String, Optional<Host>> inventory) {
    this.gate = new IdentityGate(transport);
    this.storage = storage;
    this.leases = storage;
    this.approvals = storage;
    this.audit = audit;
    this.clock = clock;
    this.inventory = inventory;
  }

  /**
   * The plan an apply would act on, after the checks that need no token (for front ends to show
   * first): known, not applied, not expired, and approved when it requires approval.
   */
  public Plan check(String planIdOrPrefix, boolean resume) {
    Plan plan = storage.findPlan(planIdOrPrefix).orElseThrow(() -> SteadyException.badInput("no plan '" + planIdOrPrefix
        + "' in this store; `steady plan list` shows the recent plans (or pass the --store the plan was made with)"));
    whyNot(plan, resume).ifPresent(reason -> {
      throw SteadyException.refused(reason);
    });
    return plan;
  }

  /**
   * Why {@code plan} may not be applied now, or empty when the apply may go on to ask for its token:
   * already applied, being applied by another run, expired, or waiting for a second engineer. The
   * reasons {@link #check} refuses with, for a front end to show beside a disabled Apply button.
   */
  public Optional<String> whyNotApply(Plan plan) {
    return whyNot(plan, false);
  }

  private Optional<String> whyNot(Plan plan, boolean resume) {
    PlanState state = storage.planState(plan.id());
    if (PlanState.APPLIED.equals(state.state())) {
      return Optional.of("plan " + shortId(plan) + " was already applied (run " + state.run() + ", " + state.changedAt()
          + "); plans are single-use: make a new plan to delete more");
    }
    boolean applying = PlanState.APPLYING.equals(state.state());
    if (applying && !resume) {
      String who = HostLeases.holder(leases, state.run(), clock.instant());
      return Optional.of("plan " + shortId(plan) + " is being applied by run " + state.run() + (who == null ? "" : ", driven by " + who)
          + " since " + state.changedAt() + "; if that apply was interrupted, continue it with `steady apply " + shortId(plan) + " --resume`");
    }
    // An interrupted apply of an expired plan may be finished: the agent deletes only files still identical to the plan.
    if (plan.expiredAt(clock.instant()) && !applying) {
      return Optional.of("plan " + shortId(plan) + " expired at " + plan.expiresAt() + "; nothing was deleted; "
          + "plan again so the review shows the files as they are now");
    }
    return Approvals.waiting(approvals, Approvals.plan(plan.id()));
  }

  /** Applies; throws REFUSED before anything changes when a check fails. */
  public ApplyReport apply(ApplyRequest request, ApplyListener listener) {
    Plan plan = check(request.plan(), request.resume());
    if (request.typedToken() == null || !plan.confirmToken().equals(request.typedToken().strip())) {
      audit.append("apply.refused", null, plan.id(), Map.of("reason", "wrong confirmation token"));
      throw SteadyException.refused("wrong confirmation token for plan " + shortId(plan) + "; nothing was deleted; "
          + "the token is shown by the review: `steady plan show " + shortId(plan) + "`");
    }
    gate.prepare(plan.hosts().stream().map(h -> inventory.apply(h.name()).orElse(null)).filter(h -> h != null).toList());
    long draft = storage.draftOf(plan.id());
    PlanSeal.verify(plan, storage, draft, audit);
    Claim claim = claim(plan, request.resume());
    String run = claim.run();
    Halt halt = new Halt();
    running.add(halt);
    try {
      audit.append("apply.start", null, plan.id(), Map.of("run", run, "resume", request.resume(), "count", plan.count(), "bytes", plan.bytes()));
      claim.leases().start(notice -> halt.stop(new Halt.Stopped(notice)));
      listener.started(plan, run);
      List<Host> hosts = plan.hosts().stream().map(h -> inventory.apply(h.name()).orElse(null)).toList();
      ApplyRun record = claim.record();
      List<HostApplied> results = FanOut.run(hosts.stream().filter(h -> h != null).toList(), Math.max(1, request.concurrency()),
          host -> ended(plan, record, halt.reason() != null ? notStarted(host, halt) : guarded(plan, draft, run, host, listener, halt, record)),
          r -> {});
      List<HostApplied> all = withMissing(plan, hosts, results);
      all.stream().filter(h -> !results.contains(h)).forEach(h -> ended(plan, record, h));
      return end(plan, run, claim.leases(), halt, all, record);
    } catch (RuntimeException e) {
      claim.leases().abandon();
      throw e;
    } finally {
      running.remove(halt);
    }
  }

  /**
   * Stops every apply in progress in this process (Ctrl-C): no further file is sent to any agent,
   * each host's results are committed, and the apply ends interrupted with its hosts parked, so
   * `--resume` continues it at once.
   */
  public void stop() {
    running.forEach(h -> h.stop(new Halt.Stopped("stopped by the operator")));
  }

  /** The host's row says what its part came to, counted over every resume; a store that fails here changes no result. */
  private HostApplied ended(Plan plan, ApplyRun record, HostApplied host) {
    bestEffort(() -> record.ended(host, storage.resultTally(plan.id(), host.name())), () -> {});
    return host;
  }

  private ApplyReport end(Plan plan, String run, HostLeases held, Halt halt, List<HostApplied> all, ApplyRun record) {
    StoreFailed failed = halt.storeFailure();
    if (failed != null) {
      String stopped = "store failed (" + failed.getMessage() + "); " + halt.recordedDeletions() + " files deleted and recorded, at most "
          + RecordWindow.FILES * Math.max(1, halt.agents()) + " more may be deleted without a record" + (halt.agents() > 1
          ? " (" + RecordWindow.FILES + " per host)" : "") + "; the apply is resumable: `steady apply " + shortId(plan) + " --resume` once the store is back";
      bestEffort(held::park, held::abandon);
      bestEffort(() -> record.finish(false, false), () -> {});
      bestEffort(() -> audit.append("apply.stopped", null, plan.id(), Map.of("run", run, "reason", stopped)), () -> {});
      return new ApplyReport(plan, run, all, stopped);
    }
    ApplyReport report = new ApplyReport(plan, run, all, halt.reason() == null ? null : halt.reason().getMessage());
    boolean finished = halt.reason() == null && all.stream().noneMatch(h -> h.state().equals("interrupted") || h.state().equals("refused")
        || h.state().equals("unreachable"));
    if (finished) {
      storage.finishApply(plan.id(), run, clock.instant());
      held.release();
    } else {
      held.park();
    }
    record.finish(finished, report.allClear());
    audit.append("apply.end", null, plan.id(), Map.of("run", run, "state", report.state(), "deleted", report.deleted(),
        "bytes_freed", report.bytesFreed(), "space_freed", report.spaceFreed()));
    return report;
  }

  /** Runs {@code action}; when the store refuses it too, runs {@code otherwise}. */
  private static void bestEffort(Runnable action, Runnable otherwise) {
    try {
      action.run();
    } catch (RuntimeException e) {
      otherwise.run();
    }
  }

  /** The run an apply works under, and its hosts' leases. */
  private record Claim(String run, HostLeases leases, ApplyRun record) {}

  private Claim claim(Plan plan, boolean resume) {
    String subject = "plan " + shortId(plan);
    List<String> hosts = plan.hosts().stream().map(HostPlan::name).toList();
    PlanState state = storage.planState(plan.id());
    if (resume && PlanState.APPLYING.equals(state.state())) {
      HostLeases held = HostLeases.resume(leases, clock, state.run(), audit.actor(), hosts, subject,
          "steady apply " + shortId(plan) + " --resume");
      return new Claim(state.run(), held, recorded(plan, state.run(), held));
    }
    String run = "r-" + UUID.randomUUID().toString().substring(0, 8);
    HostLeases held = HostLeases.acquire(leases, clock, run, audit.actor(), hosts, subject);
    if (!storage.claimForApply(plan.id(), run, clock.instant())) {
      held.release();
      PlanState now = storage.planState(plan.id());
      throw SteadyException.refused("plan " + shortId(plan) + " was claimed by run " + now.run() + " a moment ago; "
          + "a plan is applied once; nothing was deleted by this apply");
    }
    return new Claim(run, held, recorded(plan, run, held));
  }

  /** The apply's run record; when the store refuses it, the leases are given back before the failure goes up. */
  private ApplyRun recorded(Plan plan, String run, HostLeases held) {
    try {
      return ApplyRun.open(leases, clock, plan, run, audit.actor());
    } catch (RuntimeException e) {
      held.park();
      throw e;
    }
  }

  /** One host; a store failure on the way (its identity check's audit entry, say) halts every host instead of failing the apply. */
  private HostApplied guarded(Plan plan, long draft, String run, Host host, ApplyListener listener, Halt halt, ApplyRun record) {
    try {
      return applyHost(plan, draft, run, host, listener, halt, record);
    } catch (StoreUnreachable | StoreException e) {
      halt.stop(new StoreFailed(e));
      return notStarted(host, halt);
    }
  }

  private static HostApplied notStarted(Host host, Halt halt) {
    return nothing(host.name(), "interrupted", "not started: " + halt.reason().getMessage());
  }

  private HostApplied applyHost(Plan plan, long draft, String run, Host host, ApplyListener listener, Halt halt, ApplyRun record) {
    HostPlan hostPlan = plan.hosts().stream().filter(h -> h.name().equals(host.name())).findFirst().orElseThrow();
    record.move(host.name(), dev.steady.run.RowState.CONNECTING, null);
    Reached reached = gate.open(host, audit, plan.id(), Map.of("run", run));
    HostApplied result;
    if (reached instanceof Reached.Verified verified) {
      record.move(host.name(), dev.steady.run.RowState.IDENTIFIED, verified.identity().message());
      record.move(host.name(), dev.steady.run.RowState.ACTING, "deleting " + hostPlan.count() + " planned files under " + hostPlan.root());
      try (VerifiedConnection connection = verified.connection()) {
        result = delete(plan, draft, run, hostPlan, connection, listener, halt);
      }
    } else {
      result = nothing(host.name(), reached.state(), reached.identity().message());
    }
    listener.hostDone(result);
    return result;
  }

  private HostApplied delete(Plan plan, long draft, String run, HostPlan hostPlan, VerifiedConnection connection, ApplyListener listener,
      Halt halt) {
    String host = hostPlan.name();
    BitSet done = new BitSet();
    try {
      storage.forEachFileResult(plan.id(), host, r -> done.set(Math.toIntExact(r.seq())));
    } catch (RuntimeException e) {
      halt.stop(new StoreFailed(e));
      return nothing(host, "interrupted", "store failed before deleting: " + e.getMessage());
    }
    RecordWindow window = RecordWindow.untilRecorded();
    if (!halt.join(window)) {
      return nothing(host, "interrupted", "not started: " + halt.reason().getMessage());
    }
    ResultRecorder recorder = new ResultRecorder(plan.id(), host, run, storage, audit, listener, window, halt);
    try (PlannedFiles files = new PlannedFiles(storage, draft, host, done)) {
      Outcome outcome = new DeleteFiles(connection, hostPlan.root()).call(recorder.track(files), recorder::record, window);
      return recorder.finish(outcome.freeBytesBefore(), outcome.freeBytesAfter(), null);
    } catch (IOException e) {
      return recorder.finish(-1, e.getMessage() + "; resume with `steady apply " + shortId(plan) + " --resume`");
    } catch (StoreFailed e) {
      halt.stop(e);
      return recorder.finish(-1, "store failed (" + e.getMessage() + "): nothing more was sent for deletion");
    } catch (Halt.Stopped e) {
      return recorder.finish(-1, e.getMessage() + "; nothing more was sent for deletion; resume with `steady apply " + shortId(plan) + " --resume`");
    } finally {
      recorder.drain();
    }
  }

  private static HostApplied nothing(String host, String state, String message) {
    return new HostApplied(host, state, 0, 0, List.of(), 0, List.of(), 0, -1, message);
  }

  private static List<HostApplied> withMissing(Plan plan, List<Host> hosts, List<HostApplied> results) {
    Map<String, HostApplied> byName = new LinkedHashMap<>();
    results.forEach(r -> byName.put(r.name(), r));
    return plan.hosts().stream().map(h -> byName.getOrDefault(h.name(),
        nothing(h.name(), "refused", h.name() + " is no longer in the inventory; nothing was deleted there"))).toList();
  }

  static String shortId(Plan plan) {
    return plan.id().substring(0, 12);
  }
}
