package dev.steady.cli;

import static dev.steady.cli.CliFleet.starts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditEntry;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * killed controller keeps its hosts until its heartbeat is older than the lease TTL, then resume
 * takes over; two controllers racing on overlapping hosts; PostgreSQL away for seconds mid-run.
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
  Process spawn(String log, String user, Map<String, String> env, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Duser.name=" + user,
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).redirectError(work.resolve(log + ".err").toFile())
        .redirectOutput(work.resolve(log + ".out").toFile());
    b.environment().putAll(env);
    return b.start();
  }

  record Run(int status, String out, String err) {}

  Run finish(Process p, String log) throws Exception {
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(log + " finished").isTrue();
    return new Run(p.exitValue(), Files.readString(work.resolve(log + ".out")), Files.readString(work.resolve(log + ".err")));
  }

  // --- a controller killed mid-run: its leases outlive it by the TTL, then resume takes over -------

  @Test
  void killedController_onSqlite_keepsItsHostsUntilTheTtl_thenResumeTakesOver() throws Exception {
    killedController_keepsItsHostsUntilTheTtl_thenResumeTakesOver(work.resolve("steady.db").toString());
  }

  @Test
  void killedController_onPostgres_keepsItsHostsUntilTheTtl_thenResumeTakesOver() throws Exception {
    try (Postgres db = Postgres.create()) {
      killedController_keepsItsHostsUntilTheTtl_thenResumeTakesOver(db.url);
    }
  }

  void killedController_keepsItsHostsUntilTheTtl_thenResumeTakesOver(String store) throws Exception {
    Process controller = spawn("controller", "alice", Map.of("STEADY_LEASE_TTL", "2s"),
        args(store, "restart", "all", "--start", START, "--verify", "cmd:test -f running", "--concurrency", "2"));
    String run = null;
    List<String> doneBeforeKill = List.of();
    Instant killedAt = null;
    try (Store s = Stores.open(store)) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (run == null && System.currentTimeMillis() < deadline) {
        List<RunInfo> runs = s.recentRuns(1);
        if (!runs.isEmpty() && done(s, runs.getFirst().id()).size() >= 3) {
          controller.destroyForcibly().waitFor();
          killedAt = Instant.now();
          run = runs.getFirst().id();
          doneBeforeKill = done(s, run);
        }
        Thread.sleep(20);
      }
    }
    assertThat(run).as("the controller got three rows done").isNotNull();
    assertThat(doneBeforeKill).hasSizeLessThan(10);

    Run early = finish(spawn("early", "bob", Map.of("STEADY_LEASE_TTL", "30s"), args(store, "resume", run)), "early");

    assertThat(early.status()).as(early.toString()).isEqualTo(3);
    assertThat(early.err()).containsPattern("run " + run + " is still driven by alice@\\S+, heartbeat \\d+ s ago;"
        + " wait for it or for STEADY_LEASE_TTL \\(30 s\\) to pass");
    try (Store s = Stores.open(store)) {
      assertThat(s.rows(run).stream().mapToInt(RunRow::actions).sum()).as("the refused resume started nothing")
          .isEqualTo(actionsOf(s, run));
    }

    Thread.sleep(Math.max(0, 2_200 - (Instant.now().toEpochMilli() - killedAt.toEpochMilli())));
    Run gone = finish(spawn("gone", "bob", Map.of("STEADY_LEASE_TTL", "2s"), args(store, "status", run)), "gone");
    assertThat(gone.out()).as("status tells the team the controller is gone and how to take over")
        .containsPattern("held by this run, last driven by alice@\\S+ \\(no heartbeat for \\d+ s, longer than STEADY_LEASE_TTL\\):"
            + " its controller is gone; `steady resume " + run + "` takes it over");
    Run late = finish(spawn("late", "bob", Map.of("STEADY_LEASE_TTL", "2s"), args(store, "resume", run)), "late");

    assertThat(late.status()).as(late.toString()).isZero();
    assertThat(late.out()).contains("ALL-CLEAR: 10/10 done");
    for (String name : doneBeforeKill) {
      assertThat(starts(fleet.host(name))).as(name + " completed before the kill: its start must not run again").isEqualTo(1);
    }
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isBetween(1, 2);
    }
    try (Store s = Stores.open(store)) {
      assertThat(s.leases()).as("the run ended: its hosts are free").isEmpty();
      List<AuditEntry> resumes = s.auditTail(100, run).stream().filter(e -> e.action().equals("run.resume")).toList();
      assertThat(resumes).hasSize(1);
      assertThat(resumes.getFirst().actor()).startsWith("bob@");
      assertThat(resumes.getFirst().dataJson()).contains("\"taken_over_from\":\"alice@");
    }
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
      Process alice = spawn("alice", "alice", Map.of(), args(db.url, "--json", "restart", "app-01,app-02,app-03,app-04,app-05,app-06",
          "--start", slow, "--verify", "cmd:test -f running", "--concurrency", "6"));
      Process bob = spawn("bob", "bob", Map.of(), args(db.url, "--json", "restart", "app-05,app-06,app-07,app-08,app-09,app-10",
          "--start", slow, "--verify", "cmd:test -f running", "--concurrency", "6"));
      Run a = finish(alice, "alice");
      Run b = finish(bob, "bob");

      assertThat(List.of(a.status(), b.status())).as(a + "\n" + b).containsExactlyInAnyOrder(0, 3);
      Run winner = a.status() == 0 ? a : b;
      Run loser = a.status() == 0 ? b : a;
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
