package dev.steady.cli;

import static dev.steady.cli.CliFleet.starts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditEntry;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.run.Controller;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several controllers on one store, as a team works an incident: real steady processes on ten real
 * hosts, on SQLite and on a real PostgreSQL (skipped without {@code STEADY_TEST_POSTGRES_URL}). A
 * controller killed on this machine is taken over at once; one on another machine keeps its hosts
 * until its heartbeat is older than the lease TTL, then resume takes over; two controllers racing
 * on overlapping hosts; PostgreSQL away for seconds mid-run.
 */
@Timeout(150)
class TeamCliTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String START = "sleep 0.3; echo started >> start.count; touch running";
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  CliFleet cli;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    cli = CliFleet.in(fleet, work);
    cli.clearMarkers("start.count", "running");
  }

  List<String> args(String store, String... more) {
    return cli.argsWithStore(store, more);
  }

  /** steady in a process of its own, as user {@code user}, with {@code env} added. */
  SteadyProcess spawn(String log, String user, Map<String, String> env, List<String> args) throws Exception {
    return SteadyProcess.start(work, log, user, env, args);
  }

  List<String> restartAll(String store) {
    return args(store, "restart", "all", "--start", START, "--verify", "cmd:test -f running", "--verify-timeout", "3s",
        "--interval", "200ms", "--concurrency", "2");
  }

  /** Kills {@code controller} with SIGKILL once its run has three rows done; returns the run. */
  String killAfterThreeDone(SteadyProcess controller, String store) throws Exception {
    try (Store s = Stores.open(store)) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        List<RunInfo> runs = s.recentRuns(1);
        if (!runs.isEmpty() && done(s, runs.getFirst().id()).size() >= 3) {
          controller.kill();
          assertThat(done(s, runs.getFirst().id())).as("killed mid-run").hasSizeLessThan(10);
          return runs.getFirst().id();
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the controller got no three rows done: " + controller.result());
  }

  /** Every host started at most once; then rows left UNKNOWN (killed mid-start) are run again by decision, to all-clear. */
  void startedAtMostOnce_thenAllClear(String store, String run, int resumeStatus) throws Exception {
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name() + " was started at most once across the kill and the resume").isLessThanOrEqualTo(1);
    }
    if (resumeStatus != 0) {
      Cli.Result decided = cli.rerunUnknown(store, run);
      assertThat(decided.status()).as(decided.toString()).isZero();
    }
    try (Store s = Stores.open(store)) {
      assertThat(s.findRun(run).orElseThrow().allClear()).isTrue();
      assertThat(s.leases()).as("the run ended: its hosts are free").isEmpty();
    }
  }

  // --- a killed controller: dead at once on this machine; judged by its heartbeat from another one --

  @Test
  void killedControllerOnThisMachine_onSqlite_isTakenOverAtOnce() throws Exception {
    killedControllerOnThisMachine_isTakenOverAtOnce(work.resolve("steady.db").toString());
  }

  @Test
  void killedControllerOnThisMachine_onPostgres_isTakenOverAtOnce() throws Exception {
    try (Postgres db = Postgres.create()) {
      killedControllerOnThisMachine_isTakenOverAtOnce(db.url);
    }
  }

  void killedControllerOnThisMachine_isTakenOverAtOnce(String store) throws Exception {
    SteadyProcess controller = spawn("controller", "alice", Map.of("STEADY_LEASE_TTL", "60s"), restartAll(store));
    long pid = controller.process.pid();
    String run = killAfterThreeDone(controller, store);
    Instant killedAt = Instant.now();

    Cli.Result status = Cli.run(args(store, "status", run).toArray(String[]::new));
    assertThat(status.out()).as("status tells the team the controller died and that resume needs no wait")
        .containsPattern("held by this run, last driven by alice@\\S+ \\(pid " + pid + " on \\S+, which is gone\\): its controller"
            + " died; `steady resume " + run + "` takes it over at once");
    Cli.Result resumed = Cli.run(args(store, "resume", run).toArray(String[]::new));

    assertThat(resumed.status()).as(resumed.toString()).isIn(0, 4);
    try (Store s = Stores.open(store)) {
      AuditEntry resume = s.auditTail(200, run).stream().filter(e -> e.action().equals("run.resume")).findFirst().orElseThrow();
      assertThat(Duration.between(killedAt, resume.at())).as("taken over at once, not after the lease TTL")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(resume.dataJson()).contains("\"taken_over_from\":\"alice@").contains("\"controller\":\"pid " + pid + " on ")
          .contains("\"controller_gone\":true");
    }
    startedAtMostOnce_thenAllClear(store, run, resumed.status());
  }

  @Test
  void leaseOfAControllerOnAnotherMachine_onSqlite_waitsForTheTtl_thenResumeTakesOver() throws Exception {
    leaseOfAControllerOnAnotherMachine_waitsForTheTtl_thenResumeTakesOver(work.resolve("steady.db").toString());
  }

  @Test
  void leaseOfAControllerOnAnotherMachine_onPostgres_waitsForTheTtl_thenResumeTakesOver() throws Exception {
    try (Postgres db = Postgres.create()) {
      leaseOfAControllerOnAnotherMachine_waitsForTheTtl_thenResumeTakesOver(db.url);
    }
  }

  void leaseOfAControllerOnAnotherMachine_waitsForTheTtl_thenResumeTakesOver(String store) throws Exception {
    String run = killAfterThreeDone(spawn("controller", "alice", Map.of("STEADY_LEASE_TTL", "2s"), restartAll(store)), store);
    List<String> doneBeforeKill;
    Instant silentSince = Instant.now();
    try (Store s = Stores.open(store)) { // as if alice's laptop had taken the run over and then dropped off the network
      Controller laptop = new Controller("alice-laptop", 4242, silentSince.minusSeconds(600), "boot-of-another-machine");
      assertThat(s.takeOverLeases(run, "alice@laptop", laptop, silentSince, lease -> true)).isEmpty();
      doneBeforeKill = done(s, run);
    }

    SteadyProcess.Result early = spawn("early", "bob", Map.of("STEADY_LEASE_TTL", "30s"), args(store, "resume", run)).finish();

    assertThat(early.status()).as(early.toString()).isEqualTo(3);
    assertThat(early.err()).containsPattern("run " + run + " is still driven by alice@laptop \\(pid 4242 on alice-laptop\\), heartbeat"
        + " \\d+ s ago; wait for it or for STEADY_LEASE_TTL \\(30 s\\) to pass");
    try (Store s = Stores.open(store)) {
      assertThat(s.rows(run).stream().mapToInt(RunRow::actions).sum()).as("the refused resume started nothing")
          .isEqualTo(actionsOf(s, run));
    }

    Thread.sleep(Math.max(0, 2_200 - (Instant.now().toEpochMilli() - silentSince.toEpochMilli())));
    SteadyProcess.Result gone = spawn("gone", "bob", Map.of("STEADY_LEASE_TTL", "2s"), args(store, "status", run)).finish();
    assertThat(gone.out()).as("status tells the team the controller is gone and how to take over")
        .containsPattern("held by this run, last driven by alice@laptop \\(no heartbeat for \\d+ s, longer than STEADY_LEASE_TTL\\):"
            + " its controller is gone; `steady resume " + run + "` takes it over");
    SteadyProcess.Result late = spawn("late", "bob", Map.of("STEADY_LEASE_TTL", "2s"), args(store, "resume", run)).finish();

    assertThat(late.status()).as(late.toString()).isIn(0, 4);
    for (String name : doneBeforeKill) {
      assertThat(starts(fleet.host(name))).as(name + " completed before the kill: its start must not run again").isEqualTo(1);
    }
    try (Store s = Stores.open(store)) {
      List<AuditEntry> resumes = s.auditTail(100, run).stream().filter(e -> e.action().equals("run.resume")).toList();
      assertThat(resumes).hasSize(1);
      assertThat(resumes.getFirst().actor()).startsWith("bob@");
      assertThat(resumes.getFirst().dataJson()).contains("\"taken_over_from\":\"alice@laptop\"")
          .contains("\"controller\":\"pid 4242 on alice-laptop\"").contains("\"controller_gone\":false");
    }
    startedAtMostOnce_thenAllClear(store, run, late.status());
  }

  static List<String> done(Store s, String run) {
    return s.rows(run).stream().filter(r -> r.state() == RowState.DONE).map(RunRow::host).toList();
  }

  static int actionsOf(Store s, String run) {
    return s.rows(run).stream().mapToInt(RunRow::actions).sum();
  }

  // --- two controllers racing on overlapping hosts through one PostgreSQL ---------------------------

  @Test
  void twoControllersRacingOnOverlappingHosts_viaPostgres_exactlyOneGetsThem_theOtherRunsNothing() throws Exception {
    try (Postgres db = Postgres.create()) {
      Stores.migrate(db.url); // both start from a ready store, as a team does after `store migrate`
      String slow = "sleep 5; echo started >> start.count; touch running"; // the winner holds its hosts while the other starts
      SteadyProcess alice = spawn("alice", "alice", Map.of(), args(db.url, "--json", "restart", "app-01,app-02,app-03,app-04,app-05,app-06",
          "--start", slow, "--verify", "cmd:test -f running", "--concurrency", "6"));
      SteadyProcess bob = spawn("bob", "bob", Map.of(), args(db.url, "--json", "restart", "app-05,app-06,app-07,app-08,app-09,app-10",
          "--start", slow, "--verify", "cmd:test -f running", "--concurrency", "6"));
      SteadyProcess.Result a = alice.finish();
      SteadyProcess.Result b = bob.finish();

      assertThat(List.of(a.status(), b.status())).as(a + "\n" + b).containsExactlyInAnyOrder(0, 3);
      SteadyProcess.Result winner = a.status() == 0 ? a : b;
      SteadyProcess.Result loser = a.status() == 0 ? b : a;
      String winnerUser = winner == a ? "alice" : "bob";
      JsonNode won = new ObjectMapper().readTree(winner.out());
      assertThat(won.get("all_clear").asBoolean()).isTrue();
      assertThat(loser.err()).containsPattern("app-05, app-06 held by run " + won.get("id").asText() + " \\(started by "
          + winnerUser + "@\\S+\\); nothing was started");
      List<String> winnerHosts = winner == a ? NAMES.subList(0, 6) : NAMES.subList(4, 10);
      for (EmbeddedHost h : fleet.hosts()) {
        assertThat(starts(h)).as(h.name()).isEqualTo(winnerHosts.contains(h.name()) ? 1 : 0);
      }
      try (Store s = Stores.open(db.url)) {
        assertThat(s.recentRuns(10)).as("the loser created no run").hasSize(1);
      }
    }
  }

  // --- PostgreSQL unreachable for seconds mid-run -------------------------------------------------

  @Test
  void postgresUnreachableMidRun_pausesNewRows_thenFinishes_losingNoTransition() throws Exception {
    try (Postgres db = Postgres.create(); TcpProxy proxy = new TcpProxy(db.port())) {
      String viaProxy = db.via(proxy.port());
      Stores.migrate(db.url);
      Instant[] outage = new Instant[2];
      Thread cutter = Thread.ofPlatform().start(() -> {
        try (Store s = Stores.open(db.url)) {
          long deadline = System.currentTimeMillis() + 60_000;
          while (System.currentTimeMillis() < deadline) {
            List<RunInfo> runs = s.recentRuns(1);
            if (!runs.isEmpty() && done(s, runs.getFirst().id()).size() >= 2) {
              proxy.cut();
              outage[0] = Instant.now();
              Thread.sleep(3_000);
              outage[1] = Instant.now();
              proxy.restore();
              return;
            }
            Thread.sleep(10);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      Cli.Result r = Cli.run(args(viaProxy, "--json", "restart", "all", "--start", START, "--verify", "cmd:test -f running",
          "--concurrency", "2").toArray(String[]::new));
      cutter.join();

      assertThat(outage[0]).as("the store was cut mid-run").isNotNull();
      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.err()).contains("steady: store unreachable, paused: store " + viaProxy.replaceAll("password=[^&]*", "password=***"))
          .contains("steady: store reachable again after");
      String run = new ObjectMapper().readTree(r.out()).get("id").asText();
      try (Store s = Stores.open(db.url)) {
        List<RunRow> rows = s.rows(run);
        assertThat(rows).hasSize(10).allSatisfy(row -> {
          assertThat(row.state()).as(row.host()).isEqualTo(RowState.DONE);
          assertThat(row.actions()).as(row.host() + " started once").isEqualTo(1);
          assertThat(row.message()).as(row.host()).startsWith("verified");
        });
        assertThat(rows).as("no row started while the store was away").noneMatch(row ->
            row.startedAt().isAfter(outage[0].plusSeconds(1)) && row.startedAt().isBefore(outage[1]));
        assertThat(s.findRun(run).orElseThrow().allClear()).isTrue();
        assertThat(new dev.steady.audit.AuditLog(s, "t@t").verify().ok()).isTrue();
      }
      for (EmbeddedHost h : fleet.hosts()) {
        assertThat(starts(h)).as(h.name()).isEqualTo(1);
      }
    }
  }
}
