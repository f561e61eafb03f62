package dev.steady.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.audit.AuditEntry;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.testing.FleetRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5, "exactly once", on three real embedded hosts: a run is left as a controller killed at
 * a given moment leaves it (its rows written behind steady's back), then resumed. A row whose action
 * may have run is never started again: it is verified with the step's full deadline, or becomes
 * UNKNOWN for an operator's decision; the facts live in the row, not in its state. The kill -9
 * trials are in the CLI's CrashResumeCliTest.
 */
@Timeout(90)
class ExactlyOnceFlowTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 3).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String START = FleetRig.START;
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  FleetRig rig;
  Store store;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    rig = FleetRig.open(fleet, work, "tester@test");
    store = rig.store;
    fleet.hosts().forEach(h -> h.setHostname(h.name()));
    rig.clearMarkers("start.count", "running", "broken", "step2.count");
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  RunEngine engine() {
    return new RunEngine(rig.transport, store, rig.audit, Clock.systemUTC(), "tester@test");
  }

  Optional<Host> inventory(String name) {
    return rig.inventory(name);
  }

  static RestartSpec spec(String start, Duration deadline) {
    return new RestartSpec(null, start, dev.steady.check.Checks.parse("cmd:test -f running"), deadline, Duration.ofMillis(100),
        Duration.ofSeconds(30));
  }

  static RateControl rate() {
    return new RateControl(3, 0, false, null, Duration.ZERO);
  }

  RunRow row(String run, String host, String step) {
    return store.rows(run).stream().filter(r -> r.host().equals(host) && r.step().equals(step)).findFirst().orElseThrow();
  }

  /** A finished all-clear restart, to be rewritten into the state a crash leaves. */
  String doneRestart(Duration deadline) throws Exception {
    RunInfo run = engine().restart("app", rig.hosts(), spec(START, deadline), rate(), new RunListener() {});
    assertThat(run.allClear()).isTrue();
    rig.clearMarkers("start.count", "running");
    return run.id();
  }

  /**
   * Rewrites row host/step as a controller killed at that moment leaves it: state, action starts,
   * starts with a recorded end and the last exit; the run unfinished. (Its leases were released by
   * the run's end: a resume then has no controller to wait for.)
   */
  void crashedAt(String run, String host, String step, RowState state, int actions, int ended, Integer exit) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("steady.db"))) {
      try (PreparedStatement s = c.prepareStatement("UPDATE run_rows SET state = ?, actions = ?, actions_ended = ?, action_exit = ?,"
          + " exit_status = ?, ended_at = NULL, message = 'crashed here' WHERE run = ? AND host = ? AND step = ?")) {
        s.setString(1, state.name());
        s.setInt(2, actions);
        s.setInt(3, ended);
        s.setObject(4, exit);
        s.setObject(5, exit);
        s.setString(6, run);
        s.setString(7, host);
        s.setString(8, step);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE runs SET state = 'running', all_clear = ?, ended_at = NULL WHERE id = ?")) {
        s.setBoolean(1, false);
        s.setString(2, run);
        s.executeUpdate();
      }
    }
  }

  void bootLater(EmbeddedHost h, Duration after) {
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(after);
        Files.writeString(h.root().resolve("running"), "");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  int startsRun(EmbeddedHost h, int before) {
    return (int) h.commandsRun().subList(before, h.commandsRun().size()).stream().filter(c -> c.contains("start.count")).count();
  }

  @Test
  void startCompleted_appStillBooting_resumeVerifiesWithTheFullDeadline_andNeverStartsAgain() throws Exception {
    String run = doneRestart(Duration.ofSeconds(40));
    EmbeddedHost h = fleet.host("app-02");
    crashedAt(run, "app-02", "restart", RowState.VERIFYING, 1, 1, 0);
    Files.writeString(h.root().resolve("start.count"), "started\n");
    int before = h.commandsRun().size();
    bootLater(h, Duration.ofMillis(1500)); // one check at resume fails; retried until the deadline, it passes

    RunInfo resumed = engine().resume(run, this::inventory, new RunListener() {});

    assertThat(resumed.allClear()).isTrue();
    assertThat(startsRun(h, before)).as("the start had completed: never again").isZero();
    assertThat(FleetRig.starts(h)).isEqualTo(1);
    assertThat(row(run, "app-02", "restart").message())
        .isEqualTo("verified: exit status 0 (start had completed (exit 0) before the interruption; not repeated)");
    assertThat(row(run, "app-02", "restart").actions()).isEqualTo(1);
  }

  @Test
  void startCompleted_neverHealthy_isFailed_sayingItCompletedAndWasNotRepeated() throws Exception {
    String run = doneRestart(Duration.ofSeconds(1));
    EmbeddedHost h = fleet.host("app-01");
    crashedAt(run, "app-01", "restart", RowState.VERIFYING, 1, 1, 0);
    int before = h.commandsRun().size();
    long t0 = System.nanoTime();

    RunInfo resumed = engine().resume(run, this::inventory, new RunListener() {});

    assertThat(resumed.allClear()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the step's deadline (1s), not a fixed 30 s").isLessThan(Duration.ofSeconds(15));
    assertThat(startsRun(h, before)).isZero();
    RunRow r = row(run, "app-01", "restart");
    assertThat(r.state()).isEqualTo(RowState.FAILED);
    assertThat(r.message()).startsWith("start had completed (exit 0) before the interruption and was not repeated; not healthy within 1s:");
    assertThat(NextStep.of(resumed, store.rows(run))).extracting(NextStep::command).containsExactly("steady resume " + run + " --retry-failed");
  }

  @Test
  void startMayHaveRun_afterASecondCrashMovedItsRowBack_isStillNeverStartedAgain() throws Exception {
    String run = doneRestart(Duration.ofSeconds(1));
    EmbeddedHost healthy = fleet.host("app-01");
    EmbeddedHost sick = fleet.host("app-03");
    // the first crash left them ACTING; the resume that followed moved them to CONNECTING and crashed too
    crashedAt(run, "app-01", "restart", RowState.CONNECTING, 1, 0, null);
    crashedAt(run, "app-03", "restart", RowState.IDENTIFIED, 1, 0, null);
    Files.writeString(healthy.root().resolve("running"), "");
    int beforeHealthy = healthy.commandsRun().size();
    int beforeSick = sick.commandsRun().size();

    RunInfo resumed = engine().resume(run, this::inventory, new RunListener() {});

    assertThat(startsRun(healthy, beforeHealthy)).isZero();
    assertThat(startsRun(sick, beforeSick)).as("its start may have run: not again without a decision").isZero();
    assertThat(row(run, "app-01", "restart").state()).isEqualTo(RowState.DONE);
    assertThat(row(run, "app-01", "restart").message()).isEqualTo("verified: exit status 0 (start may have run before the interruption"
        + " (its end was not recorded); not repeated)");
    RunRow unknown = row(run, "app-03", "restart");
    assertThat(unknown.state()).isEqualTo(RowState.UNKNOWN);
    assertThat(unknown.message()).startsWith("start may have run before the interruption (its end was not recorded); not healthy within 1s:")
        .endsWith("not run again without an operator's decision: `steady status " + run + "` shows how");
    assertThat(resumed.allClear()).isFalse();
    assertThat(resumed.state()).isEqualTo("not_all_clear");

    RunInfo again = engine().resume(run, this::inventory, new RunListener() {});
    assertThat(again).as("nothing else to run: returned as it is, waiting for the decision").isEqualTo(resumed);
    assertThat(startsRun(sick, beforeSick)).isZero();
    String token = UnknownRows.token(run, store.rows(run));
    assertThat(NextStep.of(resumed, store.rows(run))).extracting(NextStep::command)
        .containsExactly("steady resume " + run + " --rerun-unknown " + token, "steady resume " + run + " --skip-unknown");
  }

  @Test
  void runWhoseControllerDiedAfterItsLastRow_isFinishedByAPlainResume_withoutTouchingAHost() throws Exception {
    String run = doneRestart(Duration.ofSeconds(1));
    crashedAt(run, "app-02", "restart", RowState.UNKNOWN, 1, 0, null); // every row ended, the run still "running"
    int before = fleet.hosts().stream().mapToInt(h -> h.commandsRun().size()).sum();

    RunInfo finished = engine().resume(run, this::inventory, new RunListener() {});

    assertThat(finished.state()).isEqualTo("not_all_clear");
    assertThat(store.findRun(run).orElseThrow().endedAt()).isNotNull();
    assertThat(store.leases()).isEmpty();
    assertThat(fleet.hosts().stream().mapToInt(h -> h.commandsRun().size()).sum()).isEqualTo(before);
    assertThat(NextStep.of(finished, store.rows(run))).extracting(NextStep::command).containsExactly(
        "steady resume " + run + " --rerun-unknown " + UnknownRows.token(run, store.rows(run)), "steady resume " + run + " --skip-unknown");
  }

  static final String NO_CHECK = """
      rate: {concurrency: 3}
      steps:
        - name: start
          run: echo started >> start.count
        - name: after
          run: echo 2 >> step2.count
      """;

  String runbookCrashedInStart(String host) throws Exception {
    RunbookPlan plan = Runbook.parse("rb.yaml", NO_CHECK).plan("app", rig.hosts());
    RunInfo run = engine().run(plan, rig.hosts(), new RunListener() {}, Gatekeeper.NONE);
    assertThat(run.allClear()).isTrue();
    rig.clearMarkers("start.count", "step2.count");
    crashedAt(run.id(), host, "start", RowState.ACTING, 1, 0, null);
    crashedAt(run.id(), host, "after", RowState.PENDING, 0, 0, null);
    for (String other : NAMES.stream().filter(n -> !n.equals(host)).toList()) {
      crashedAt(run.id(), other, "after", RowState.PENDING, 0, 0, null);
    }
    return run.id();
  }

  @Test
  void stepWithoutCheck_mayHaveRun_becomesUnknown_othersRun_thenAWrongTokenRunsNothing_andTheRightOneRerunsIt() throws Exception {
    String run = runbookCrashedInStart("app-02");
    EmbeddedHost h = fleet.host("app-02");
    int before = h.commandsRun().size();

    RunInfo resumed = engine().resume(run, this::inventory, new RunListener() {});

    assertThat(resumed.allClear()).isFalse();
    assertThat(row(run, "app-02", "start").state()).isEqualTo(RowState.UNKNOWN);
    assertThat(row(run, "app-02", "start").message()).startsWith("command may have run before the interruption (its end was not"
        + " recorded) and the step has no check that could tell; not run again without an operator's decision");
    assertThat(row(run, "app-02", "after").state()).isEqualTo(RowState.SKIPPED);
    assertThat(row(run, "app-02", "after").message()).isEqualTo("not run: previous step 'start' has an unknown outcome");
    assertThat(row(run, "app-01", "after").state()).as("everything else ran").isEqualTo(RowState.DONE);
    assertThat(h.commandsRun().size()).as("nothing ran on app-02 but its identity check").isLessThanOrEqualTo(before + 2);
    assertThat(startsRun(h, before)).isZero();

    String token = UnknownRows.token(run, store.rows(run));
    assertThatThrownBy(() -> engine().resume(run, this::inventory, new RunListener() {}, Gatekeeper.NONE,
        new ResumeChoice(false, "0123456789", false)))
        .isInstanceOfSatisfying(SteadyException.class, e -> assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED))
        .hasMessage("--rerun-unknown '0123456789' does not name the rows of run " + run + " whose outcome is unknown now"
            + " (app-02/start; their token is " + token + "); nothing was run; look at those hosts, then `steady resume " + run
            + " --rerun-unknown " + token + "`");
    assertThat(startsRun(h, before)).isZero();
    assertThat(row(run, "app-02", "start").state()).isEqualTo(RowState.UNKNOWN);

    RunInfo rerun = engine().resume(run, this::inventory, new RunListener() {}, Gatekeeper.NONE, new ResumeChoice(false, token, false));

    assertThat(rerun.allClear()).isTrue();
    assertThat(FleetRig.starts(h)).isEqualTo(1);
    assertThat(lines(h, "step2.count")).isEqualTo(1);
    assertThat(row(run, "app-02", "start").actions()).as("one start before the crash, one the operator asked for").isEqualTo(2);
    List<AuditEntry> decisions = store.auditTail(50, run).stream().filter(e -> e.action().equals("run.rerun_unknown")).toList();
    assertThat(decisions).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo("tester@test");
      assertThat(e.dataJson()).contains("\"rows\":[\"app-02/start\",\"app-02/after\"]").contains("\"token\":\"" + token + "\"");
    });
  }

  @Test
  void skipUnknown_leavesTheRowNotRun_skipped_audited_andTheRunNotAllClear() throws Exception {
    String run = runbookCrashedInStart("app-03");
    engine().resume(run, this::inventory, new RunListener() {});
    EmbeddedHost h = fleet.host("app-03");
    int before = h.commandsRun().size();

    RunInfo skipped = engine().resume(run, this::inventory, new RunListener() {}, Gatekeeper.NONE, new ResumeChoice(false, null, true));

    assertThat(skipped.allClear()).isFalse();
    assertThat(skipped.state()).isEqualTo("not_all_clear");
    assertThat(h.commandsRun()).hasSize(before);
    assertThat(row(run, "app-03", "start").state()).isEqualTo(RowState.SKIPPED);
    assertThat(row(run, "app-03", "start").message()).isEqualTo("not run again: its outcome was unknown after an interruption;"
        + " skipped by tester@test (--skip-unknown)");
    assertThat(store.auditTail(50, run)).filteredOn(e -> e.action().equals("run.skip_unknown")).singleElement()
        .satisfies(e -> assertThat(e.dataJson()).contains("\"rows\":[\"app-03/start\"]"));
    assertThatThrownBy(() -> engine().resume(run, this::inventory, new RunListener() {}, Gatekeeper.NONE,
        new ResumeChoice(false, null, true))).hasMessage("run " + run + " has no row whose outcome is unknown (--skip-unknown);"
        + " nothing was changed");
  }

  @Test
  void retryFailed_rerunsOnlyTheFailedRow_afterAFix_andTheSameRunReachesAllClear() throws Exception {
    Files.writeString(fleet.host("app-02").root().resolve("broken"), "");
    RunInfo first = engine().restart("app", rig.hosts(), spec("test ! -f broken && " + START, Duration.ofSeconds(5)),
        new RateControl(1, 0, false, null, Duration.ZERO), new RunListener() {});
    assertThat(first.allClear()).isFalse();
    assertThat(row(first.id(), "app-02", "restart").state()).isEqualTo(RowState.FAILED);
    assertThat(row(first.id(), "app-03", "restart").state()).as("--max-errors 0 stopped the run").isEqualTo(RowState.PENDING);
    assertThatThrownBy(() -> engine().resume(first.id(), this::inventory, new RunListener() {}, Gatekeeper.NONE,
        new ResumeChoice(false, "x", false))).hasMessage("run " + first.id() + " has no row whose outcome is unknown (--rerun-unknown);"
        + " nothing was changed");
    Files.delete(fleet.host("app-02").root().resolve("broken"));

    RunInfo retried = engine().resume(first.id(), this::inventory, new RunListener() {}, Gatekeeper.NONE,
        new ResumeChoice(true, null, false));

    assertThat(retried.id()).isEqualTo(first.id());
    assertThat(retried.allClear()).isTrue();
    assertThat(NAMES.stream().map(n -> FleetRig.starts(fleet.host(n))).toList()).containsExactly(1, 1, 1);
    assertThat(row(first.id(), "app-02", "restart").actions()).isEqualTo(2);
    assertThat(store.auditTail(50, first.id())).filteredOn(e -> e.action().equals("run.retry_failed")).singleElement()
        .satisfies(e -> assertThat(e.dataJson()).contains("\"rows\":[\"app-02/restart\"]").contains("\"was\":[\"FAILED\"]"));
    assertThatThrownBy(() -> engine().resume(first.id(), this::inventory, new RunListener() {}, Gatekeeper.NONE,
        new ResumeChoice(true, null, false))).hasMessage("run " + first.id() + " has no failed row to retry (--retry-failed);"
        + " nothing was run");
  }

  static int lines(EmbeddedHost h, String file) throws Exception {
    Path p = h.root().resolve(file);
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }
}
