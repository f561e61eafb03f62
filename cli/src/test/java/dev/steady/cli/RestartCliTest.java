package dev.steady.cli;

import static dev.steady.cli.CliFleet.starts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts from the CLI on ten real hosts; a controller killed with SIGKILL and resumed is in TeamCliTest and
 * CrashResumeCliTest.
 */
@Timeout(120)
class RestartCliTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String START = "sleep 0.3; echo started >> start.count; touch running";
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  CliFleet cli;
  Path store;

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
    store = cli.store;
    cli.clearMarkers("start.count", "running", "broken");
  }

  List<String> args(String... more) {
    return cli.args(more);
  }

  Cli.Result steady(String... more) {
    return cli.steady(more);
  }

  @Test
  void restart_json_reportsEveryRowAndAllClear() throws Exception {
    Cli.Result r = steady("--json", "restart", "all", "--start", "touch running", "--verify", "cmd:test -f running", "--concurrency", "5");

    assertThat(r.status()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("all_clear").asBoolean()).isTrue();
    assertThat(json.get("rows")).hasSize(10);
    assertThat(json.get("rows").get(0).get("host").asText()).isEqualTo("app-01");
    assertThat(json.get("rows").get(0).get("state").asText()).isEqualTo("DONE");
    assertThat(r.err()).contains("ALL-CLEAR: 10/10 done");

    Cli.Result status = steady("--json", "status");
    assertThat(new ObjectMapper().readTree(status.out()).get("runs").get(0).get("id").asText()).isEqualTo(json.get("id").asText());
  }

  @Test
  void restart_withAFailingHost_isNotAllClear_exitFour_andNamesIt() throws Exception {
    Files.writeString(fleet.host("app-04").root().resolve("start.count"), "");
    Cli.Result r = steady("restart", "all", "--start", "test $(hostname) != app-04 && touch running", "--verify", "cmd:test -f running",
        "--verify-timeout", "1s", "--max-errors", "3");

    assertThat(r.status()).as(r.toString()).isEqualTo(4);
    assertThat(r.out()).contains("NOT ALL-CLEAR: 9/10 done, 1 failed").contains("needs attention: app-04 FAILED: start exited 1");
  }

  @Test
  void badCheck_isBadInputNamingTheOption() {
    Cli.Result r = steady("restart", "all", "--start", "true", "--verify", "tcp:abc");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("steady: ").contains("--verify 'tcp:abc'");
  }

  @Test
  void secondRunOnLeasedHosts_isRefusedWithTheHoldersRunAndUser() throws Exception {
    try (Store s = Stores.open(store.toString())) {
      s.acquireLeases("r-incident", "alice@laptop", List.of("app-02"), Instant.now());
    }

    Cli.Result r = steady("restart", "app-0*", "--start", "touch running", "--verify", "cmd:test -f running");

    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).contains("app-02 held by run r-incident (started by alice@laptop)");
    assertThat(starts(fleet.host("app-01"))).isZero();
  }

  @Test
  void auditExport_givesAPostMortemTimelineOfTheRun() throws Exception {
    Cli.Result r = steady("--json", "restart", "app-01,app-02", "--start", "touch running", "--verify", "cmd:test -f running");
    String run = new ObjectMapper().readTree(r.out()).get("id").asText();

    Cli.Result md = steady("audit", "export", run, "--format", "md");
    Cli.Result jsonl = steady("audit", "export", run, "--format", "jsonl");

    assertThat(md.status()).as(md.toString()).isZero();
    assertThat(md.out()).startsWith("# Timeline of " + run).contains("| # | time (UTC) | who | host | what | details |")
        .contains("run.start").contains("| app-01 | run.action |").contains("touch running").contains("run.end");
    assertThat(jsonl.out().lines()).allSatisfy(line -> assertThat(new ObjectMapper().readTree(line).get("run").asText()).isEqualTo(run));
    assertThat(steady("audit", "export", "r-nope", "--format", "md").status()).isEqualTo(2);
    assertThat(steady("audit", "export", run, "--format", "pdf").status()).isEqualTo(2);
  }

  @Test
  void maxErrorsStop_thenFix_resumeRetryFailed_rerunsTheFailedHostOnly_andTheSameRunIsAllClear() throws Exception {
    Files.createFile(fleet.host("app-02").root().resolve("broken"));
    String start = "test ! -f broken || exit 1; " + START;

    Cli.Result first = steady("--json", "restart", "app-01,app-02,app-03,app-04", "--start", start, "--verify", "cmd:test -f running",
        "--concurrency", "1", "--max-errors", "0");

    assertThat(first.status()).as(first.toString()).isEqualTo(4);
    String run = new ObjectMapper().readTree(first.out()).get("id").asText();
    String next = "  after fixing the cause, run the 1 failed row(s) again (same identity checks) with: steady resume " + run
        + " --retry-failed\n";
    assertThat(first.err()).isEqualTo("NOT ALL-CLEAR: 1/4 done, 1 failed, 2 pending (run " + run + ", not_all_clear)\n"
        + "  needs attention: app-02 FAILED: start exited 1\n"
        + "  needs attention: app-03 PENDING: not started: more than 0 rows failed (--max-errors)\n"
        + "  needs attention: app-04 PENDING: not started: more than 0 rows failed (--max-errors)\n" + next);
    assertThat(new ObjectMapper().readTree(first.out()).get("next").get(0).asText()).isEqualTo("steady resume " + run + " --retry-failed");
    Cli.Result status = steady("status", run);
    assertThat(status.status()).isEqualTo(4);
    assertThat(status.out()).endsWith(next);
    Files.delete(fleet.host("app-02").root().resolve("broken"));

    Cli.Result retried = steady("resume", run, "--retry-failed");

    assertThat(retried.status()).as(retried.toString()).isZero();
    assertThat(retried.out()).endsWith("ALL-CLEAR: 4/4 done (run " + run + ")\n");
    for (String name : List.of("app-01", "app-02", "app-03", "app-04")) {
      assertThat(starts(fleet.host(name))).as(name + ": started once, app-01 not again").isEqualTo(1);
    }
    try (Store s = Stores.open(store.toString())) {
      assertThat(s.auditTail(100, run)).filteredOn(e -> e.action().equals("run.retry_failed")).singleElement().satisfies(e -> {
        assertThat(e.actor()).isEqualTo(dev.steady.audit.AuditLog.currentActor());
        assertThat(e.dataJson()).isEqualTo("{\"rows\":[\"app-02/restart\"],\"was\":[\"FAILED\"]}");
      });
      assertThat(s.rows(run)).filteredOn(r -> r.host().equals("app-02")).singleElement()
          .satisfies(r -> assertThat(r.message()).startsWith("verified"));
    }
    Cli.Result again = steady("resume", run, "--retry-failed");
    assertThat(again.status()).isEqualTo(3);
    assertThat(again.err()).isEqualTo("steady: run " + run + " has no failed row to retry (--retry-failed); nothing was run\n");
  }

  @Test
  void resumeHelp_teachesTheThreeDecisions() {
    Cli.Result r = Cli.run("resume", "--help");

    assertThat(r.out()).contains("""
          --retry-failed         after a fix, run the FAILED rows again (and the rows skipped after them)
          --rerun-unknown TOKEN  run the UNKNOWN rows again; TOKEN (shown by `steady status RUN`) names them
          --skip-unknown         leave the UNKNOWN rows not run, SKIPPED (the run stays not all-clear)
        """);
  }

  @Test
  void ctrlC_letsRunningRowsFinish_startsNoNewOne_andLeavesAResumableRun() throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args("restart", "all", "--start", START, "--verify", "cmd:test -f running", "--concurrency", "2"));
    Process controller = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("controller.log").toFile()).start();
    String run = null;
    try (Store s = Stores.open(store.toString())) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (run == null && System.currentTimeMillis() < deadline) {
        List<RunInfo> runs = Files.exists(store) ? s.recentRuns(1) : List.of();
        if (!runs.isEmpty() && s.rows(runs.getFirst().id()).stream().filter(r -> r.state() == RowState.DONE).count() >= 2) {
          run = runs.getFirst().id();
          new ProcessBuilder("kill", "-INT", Long.toString(controller.pid())).start().waitFor();
        }
        Thread.sleep(20);
      }
      assertThat(controller.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(run).isNotNull();
      RunInfo info = s.findRun(run).orElseThrow();
      assertThat(info.state()).as(Files.readString(work.resolve("controller.log"))).isEqualTo("interrupted");
      assertThat(s.rows(run)).as("rows that had started finished; none is left mid-action")
          .allMatch(r -> r.state() == RowState.DONE || r.state() == RowState.PENDING);
      assertThat(s.rows(run)).anyMatch(r -> r.state() == RowState.PENDING);
    }
    assertThat(Files.readString(work.resolve("controller.log"))).contains("stopping");
    assertThat(steady("status", run).out()).as("status tells the team the run is stopped and how to continue it")
        .contains("host(s) held by this run (stopped; `steady resume " + run + "` continues it)");

    Cli.Result resumed = steady("resume", run);

    assertThat(resumed.status()).as(resumed.toString()).isZero();
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isEqualTo(1);
    }
  }
}
