package dev.steady.cleanup;

import dev.steady.approval.ApprovalStorage;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.exec.FanOut;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.plan.ApplyListener;
import dev.steady.plan.ApplyReport;
import dev.steady.plan.ApplyRequest;
import dev.steady.plan.HostApplied;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlanStorage;
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
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies a stored plan, exactly: never re-evaluates criteria (invariant 4), refuses an expired,
 * applied or already-claimed plan and a wrong token, re-checks identity on each acting connection
 * (invariant 2), and lets the host-side agent delete a file only if it is still the reviewed file
 * (invariant 3). Every result is stored as it arrives, so an interrupted apply can be resumed. A
 * plan that requires a second engineer's approval (four eyes) is refused until it is approved.
 */
public final class Applier {

  private final IdentityGate gate;
  private final PlanStorage storage;
  private final AuditLog audit;
  private final Clock clock;
  private final Function<String, Optional<Host>> inventory;
  private final Approvals approvals;

  /**
   * @param storage the store: its plans, and its approvals (so no front end can apply a plan that
   *     still waits for a second engineer)
   */
  public <S extends PlanStorage & ApprovalStorage> Applier(Transport transport, S storage, AuditLog audit, Clock clock,
      Function<String, Optional<Host>> inventory) {
    this.gate = new IdentityGate(transport);
    this.storage = storage;
    this.approvals = new Approvals(storage, audit, clock);
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
    PlanState state = storage.planState(plan.id());
    if (PlanState.APPLIED.equals(state.state())) {
      throw SteadyException.refused("plan " + shortId(plan) + " was already applied (run " + state.run() + ", " + state.changedAt()
          + "); plans are single-use: make a new plan to delete more");
    }
    if (PlanState.APPLYING.equals(state.state()) && !resume) {
      throw SteadyException.refused("plan " + shortId(plan) + " is being applied by run " + state.run() + " since " + state.changedAt()
          + "; if that apply was interrupted, continue it with `steady apply " + shortId(plan) + " --resume`");
    }
    if (plan.expiredAt(clock.instant())) {
      throw SteadyException.refused("plan " + shortId(plan) + " expired at " + plan.expiresAt() + "; nothing was deleted; "
          + "plan again so the review shows the files as they are now");
    }
    approvals.check(Approvals.plan(plan.id()));
    return plan;
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
    String run = claim(plan, request.resume());
    long draft = storage.draftOf(plan.id());
    audit.append("apply.start", null, plan.id(), Map.of("run", run, "resume", request.resume(), "count", plan.count(), "bytes", plan.bytes()));
    listener.started(plan, run);
    List<Host> hosts = plan.hosts().stream().map(h -> inventory.apply(h.name()).orElse(null)).toList();
    List<HostApplied> results = FanOut.run(hosts.stream().filter(h -> h != null).toList(), Math.max(1, request.concurrency()),
        host -> applyHost(plan, draft, run, host, listener), r -> {});
    List<HostApplied> all = withMissing(plan, hosts, results);
    ApplyReport report = new ApplyReport(plan, run, all);
    if (all.stream().noneMatch(h -> h.state().equals("interrupted") || h.state().equals("refused") || h.state().equals("unreachable"))) {
      storage.finishApply(plan.id(), run, clock.instant());
    }
    audit.append("apply.end", null, plan.id(), Map.of("run", run, "state", report.state(), "deleted", report.deleted(),
        "bytes_freed", report.bytesFreed()));
    return report;
  }

  private String claim(Plan plan, boolean resume) {
    PlanState state = storage.planState(plan.id());
    if (resume && PlanState.APPLYING.equals(state.state())) {
      return state.run();
    }
    String run = "r-" + UUID.randomUUID().toString().substring(0, 8);
    if (!storage.claimForApply(plan.id(), run, clock.instant())) {
      PlanState now = storage.planState(plan.id());
      throw SteadyException.refused("plan " + shortId(plan) + " was claimed by run " + now.run() + " a moment ago; "
          + "a plan is applied once; nothing was deleted by this apply");
    }
    return run;
  }

  private HostApplied applyHost(Plan plan, long draft, String run, Host host, ApplyListener listener) {
    HostPlan hostPlan = plan.hosts().stream().filter(h -> h.name().equals(host.name())).findFirst().orElseThrow();
    Reached reached = gate.open(host, audit, plan.id(), Map.of("run", run));
    HostApplied result;
    if (reached instanceof Reached.Verified verified) {
      try (VerifiedConnection connection = verified.connection()) {
        result = delete(plan, draft, run, hostPlan, connection, listener);
      }
    } else {
      result = nothing(host.name(), reached.state(), reached.identity().message());
    }
    listener.hostDone(result);
    return result;
  }

  private HostApplied delete(Plan plan, long draft, String run, HostPlan hostPlan, VerifiedConnection connection, ApplyListener listener) {
    String host = hostPlan.name();
    BitSet done = new BitSet();
    storage.forEachFileResult(plan.id(), host, r -> done.set(Math.toIntExact(r.seq())));
    ResultRecorder recorder = new ResultRecorder(plan.id(), host, run, storage, audit, listener);
    try (PlannedFiles files = new PlannedFiles(storage, draft, host, done)) {
      dev.steady.cleanup.Outcome outcome = new DeleteFiles(connection, hostPlan.root()).call(recorder.track(files), recorder::record);
      recorder.flush();
      return recorder.finish(outcome.freeBytesAfter(), null);
    } catch (IOException e) {
      recorder.flush();
      return recorder.finish(-1, e.getMessage() + "; resume with `steady apply " + shortId(plan) + " --resume`");
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
