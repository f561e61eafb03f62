package dev.steady.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.testing.FleetRig;
import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.check.Checks;
import dev.steady.cleanup.Applier;
import dev.steady.cleanup.Planner;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.inventory.Host;
import dev.steady.plan.ApplyListener;
import dev.steady.plan.ApplyReport;
import dev.steady.plan.ApplyRequest;
import dev.steady.plan.Criteria;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanListener;
import dev.steady.plan.PlanRequest;
import dev.steady.plan.PlanState;
import dev.steady.run.Gatekeeper;
import dev.steady.run.RateControl;
import dev.steady.run.RestartSpec;
import dev.steady.run.Resumable;
import dev.steady.run.RowState;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunListener;
import dev.steady.run.RunRow;
import dev.steady.run.Runbook;
import dev.steady.run.RunbookPlan;
import dev.steady.store.Store;
import dev.steady.transport.FleetTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four eyes where every front end goes through core: the Applier refuses a plan, and the RunEngine
 * a run, that waits for approval — before connecting anywhere — and both proceed once approved.
 */
@Timeout(90)
class FourEyesFlowTest {

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  FleetRig rig;
  Store store;
  AuditLog audit;
  Approvals approvals;
  FleetTransport transport;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, List.of("app-01", "app-02"));
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    rig = FleetRig.open(fleet, work, "alice@laptop");
    store = rig.store;
    audit = rig.audit;
    transport = rig.transport;
    approvals = new Approvals(store, new AuditLog(store, "bob@desk"), Clock.systemUTC());
    rig.clearMarkers("start.count", "running");
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  List<Host> hosts() {
    return rig.hosts();
  }

  Optional<Host> inventory(String name) {
    return rig.inventory(name);
  }

  RunEngine engine() {
    return new RunEngine(transport, store, audit, Clock.systemUTC(), "alice@laptop");
  }

  static int commands(EmbeddedHost h) {
    return h.commandsRun().size();
  }

  static int starts(EmbeddedHost h) {
    return FleetRig.starts(h);
  }

  @Test
  void apply_ofAPlanAwaitingApproval_isRefusedBeforeConnecting_thenDeletesOnceApproved() throws Exception {
    EmbeddedHost web = fleet.host("app-01");
    Path logs = Files.createDirectories(web.root().resolve("logs-" + System.nanoTime()));
    for (int day = 0; day < 5; day++) {
      Path p = logs.resolve("old-" + day + ".log");
      Files.write(p, new byte[100]);
      Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(10 + day))));
    }
    Files.write(logs.resolve("new.log"), new byte[100]);
    Criteria criteria = new Criteria(Duration.ofDays(7), null, null, null, List.of(), List.of(), null, null, null, null, false, false);
    Plan plan = new Planner(transport, store, audit, Clock.systemUTC(), "alice@laptop")
        .plan(new PlanRequest("app-01", List.of(inventory("app-01").orElseThrow()), logs.toString(), criteria, Duration.ofHours(1), 2),
            new PlanListener() {});
    new Approvals(store, audit, Clock.systemUTC()).require(Approvals.plan(plan.id()), plan.author());
    Applier applier = new Applier(transport, store, audit, Clock.systemUTC(), this::inventory);
    int before = commands(web);

    SteadyException checked = catchThrowableOfType(SteadyException.class, () -> applier.check(plan.id(), false));
    SteadyException applied = catchThrowableOfType(SteadyException.class,
        () -> applier.apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 2), new ApplyListener() {}));

    for (SteadyException e : List.of(checked, applied)) {
      assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED);
      assertThat(e.getMessage()).contains("needs a second engineer's approval").contains("steady approve " + plan.id().substring(0, 12));
    }
    assertThat(applier.whyNotApply(plan)).as("the query a disabled Apply shows").hasValue(checked.getMessage());
    assertThat(approvals.whyNotApprove(Approvals.plan(plan.id()), "alice@console")).hasValueSatisfying(r -> assertThat(r)
        .contains("you (alice) made").contains("four eyes"));
    assertThat(approvals.whyNotApprove(Approvals.plan(plan.id()), "bob@desk")).isEmpty();
    assertThat(commands(web)).as("no connection acted on the host").isEqualTo(before);
    assertThat(Files.list(logs).count()).isEqualTo(6);
    assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);

    approvals.approve(Approvals.plan(plan.id()), "bob@desk");
    assertThat(applier.whyNotApply(plan)).isEmpty();
    assertThat(approvals.whyNotApprove(Approvals.plan(plan.id()), "carol@desk")).hasValueSatisfying(r -> assertThat(r)
        .contains("was already approved by bob@desk"));
    ApplyReport report = applier.apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 2), new ApplyListener() {});

    assertThat(report.allClear()).as(report.toString()).isTrue();
    assertThat(report.deleted()).isEqualTo(5);
    assertThat(Files.list(logs).map(p -> p.getFileName().toString()).toList()).containsExactly("new.log");
    assertThat(applier.whyNotApply(plan)).hasValueSatisfying(r -> assertThat(r).contains("was already applied"));
  }

  @Test
  void restartAwaitingApproval_leasesTheHosts_runsNothing_resumeRefusedUntilApproved_thenAllClear() throws Exception {
    RestartSpec spec = new RestartSpec(null, "echo started >> start.count && touch running", Checks.parse("cmd:test -f running"),
        Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(30));
    RateControl rate = new RateControl(2, 0, false, null, Duration.ZERO);
    Map<EmbeddedHost, Integer> before = Map.of(fleet.host("app-01"), commands(fleet.host("app-01")),
        fleet.host("app-02"), commands(fleet.host("app-02")));

    RunInfo waiting = engine().restartAwaitingApproval("app", hosts(), spec, rate);

    assertThat(waiting.state()).isEqualTo(RunEngine.AWAITING_APPROVAL);
    assertThat(waiting.allClear()).isFalse();
    assertThat(store.rows(waiting.id())).extracting(RunRow::state).containsExactly(RowState.PENDING, RowState.PENDING);
    assertThat(store.leases()).extracting(l -> l.run()).containsOnly(waiting.id()).hasSize(2);
    assertThat(approvals.find(Approvals.run(waiting.id())).orElseThrow().author()).isEqualTo("alice@laptop");
    before.forEach((h, n) -> assertThat(commands(h)).as(h.name()).isEqualTo(n));

    SteadyException other = catchThrowableOfType(SteadyException.class,
        () -> engine().restart("app", hosts(), spec, rate, new RunListener() {}));
    assertThat(other.getMessage()).contains("held by run " + waiting.id());

    SteadyException early = catchThrowableOfType(SteadyException.class,
        () -> engine().resume(waiting.id(), this::inventory, new RunListener() {}));
    assertThat(early.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(early.getMessage()).contains("needs a second engineer's approval").contains("made by alice");
    assertThat(Resumable.whyNot(store, waiting.id(), Instant.now())).as("the query a disabled Resume shows").hasValue(early.getMessage());
    assertThat(store.findRun(waiting.id()).orElseThrow().state()).isEqualTo(RunEngine.AWAITING_APPROVAL);
    before.forEach((h, n) -> assertThat(commands(h)).as(h.name()).isEqualTo(n));

    approvals.approve(Approvals.run(waiting.id()), "bob@desk");
    assertThat(Resumable.whyNot(store, waiting.id(), Instant.now())).isEmpty();
    RunInfo done = engine().resume(waiting.id(), this::inventory, new RunListener() {});

    assertThat(done.allClear()).isTrue();
    assertThat(done.state()).isEqualTo("done");
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).isEqualTo(1);
    }
    assertThat(store.leases()).isEmpty();
    assertThat(Resumable.whyNot(store, waiting.id(), Instant.now())).hasValueSatisfying(r -> assertThat(r)
        .isEqualTo("run " + waiting.id() + " has no unfinished row (state done); nothing to resume"));
    assertThat(store.auditTail(50, waiting.id())).extracting(AuditEntry::action)
        .containsSubsequence("approval.required", "run.created", "approval.granted", "run.resume", "run.end");
  }

  @Test
  void runbookAwaitingApproval_runsNothingUntilApproved() throws Exception {
    RunbookPlan plan = Runbook.parse("rb.yaml", """
        steps:
          - name: start
            run: echo started >> start.count && touch running
        """).plan("app", hosts());

    RunInfo waiting = engine().runAwaitingApproval(plan, hosts());

    assertThat(waiting.kind()).isEqualTo("runbook");
    assertThat(waiting.state()).isEqualTo(RunEngine.AWAITING_APPROVAL);
    assertThat(catchThrowableOfType(SteadyException.class,
        () -> engine().resume(waiting.id(), this::inventory, new RunListener() {}, Gatekeeper.NONE)).kind())
        .isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(starts(fleet.host("app-01"))).isZero();

    approvals.approve(Approvals.run(waiting.id()), "bob@desk");
    assertThat(engine().resume(waiting.id(), this::inventory, new RunListener() {}).allClear()).isTrue();
    assertThat(starts(fleet.host("app-01"))).isEqualTo(1);
    assertThat(starts(fleet.host("app-02"))).isEqualTo(1);
  }

  @Test
  void aRunWithoutApprovalRecord_startsAndResumesAsBefore() {
    RestartSpec spec = new RestartSpec(null, "touch running", Checks.parse("cmd:test -f running"), Duration.ofSeconds(5),
        Duration.ofMillis(100), Duration.ofSeconds(30));

    RunInfo run = engine().restart("app", hosts(), spec, new RateControl(2, 0, false, null, Duration.ZERO), new RunListener() {});

    assertThat(run.allClear()).isTrue();
    assertThat(approvals.find(Approvals.run(run.id()))).isEmpty();
  }
}
