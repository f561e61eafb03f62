package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code steady run RUNBOOK} on four real hosts: what the user sees, exit statuses, dry run, gates, injection. */
@Timeout(120)
class RunbookCliTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 4).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String PAYLOAD = "x; touch pwned";
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
  void setUp() throws Exception {
    StringBuilder yaml = new StringBuilder("defaults: {user: " + EmbeddedHost.USER + ", identity_file: '" + fleet.clientKey().toAbsolutePath()
        + "', env: production}\nhosts:\n");
    for (EmbeddedHost h : fleet.hosts()) {
      yaml.append("  ").append(h.name()).append(": {address: ").append(h.address()).append(", port: ").append(h.port())
          .append(", groups: [app], vars: {service: '").append(PAYLOAD).append("'}}\n");
    }
    cli = CliFleet.in(fleet, work).withInventory(Files.writeString(work.resolve("inventory.yaml"), yaml));
    store = cli.store;
    cli.clearMarkers("start.count", "running", "pwned", "out", "broken", "after");
  }

  Cli.Result steady(String... more) {
    return cli.steady(more);
  }

  Path runbook(String text) throws Exception {
    return Files.writeString(work.resolve("rb.yaml"), text);
  }

  static int commandsRun() {
    return fleet.hosts().stream().mapToInt(h -> h.commandsRun().size()).sum();
  }

  static final String TWO_STEPS = """
      target: app
      steps:
        - name: start
          run: echo started >> start.count && printf %s {{ vars.service }} > out && touch running
          unless: cmd:test -f running
        - name: healthy
          check: cmd:test -f running
          deadline: 5s
      """;

  @Test
  void run_twoSteps_json_isAllClear_andAValueStaysOneArgument() throws Exception {
    Cli.Result r = steady("--json", "run", runbook(TWO_STEPS).toString());

    assertThat(r.status()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("all_clear").asBoolean()).isTrue();
    assertThat(json.get("kind").asText()).isEqualTo("runbook");
    assertThat(json.get("rows")).hasSize(8);
    assertThat(json.get("rows").get(1).get("host").asText() + "/" + json.get("rows").get(1).get("step").asText()).isEqualTo("app-01/healthy");
    assertThat(r.err()).contains("ALL-CLEAR: 8/8 done");
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(h.root().resolve("pwned")).doesNotExist();
      assertThat(Files.readString(h.root().resolve("out"))).isEqualTo(PAYLOAD);
    }
  }

  @Test
  void unless_skipsTheHostWhereItAlreadyRuns() throws Exception {
    Files.createFile(fleet.host("app-03").root().resolve("running"));

    Cli.Result r = steady("run", runbook(TWO_STEPS).toString());

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("app-03 +start +DONE +[0-9.]+s +not needed: unless `cmd:test -f running` passed; command not run");
    assertThat(fleet.host("app-03").root().resolve("start.count")).doesNotExist();
    assertThat(fleet.host("app-03").commandsRun()).noneMatch(c -> c.contains("start.count"));
  }

  @Test
  void dryRun_printsEachHostsCommands_andExecutesNothing() throws Exception {
    int before = commandsRun();

    Cli.Result r = steady("run", runbook(TWO_STEPS).toString(), "app-01,app-02", "--dry-run");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(commandsRun()).isEqualTo(before);
    assertThat(r.out()).contains("runbook rb (rb.yaml) on 'app-01,app-02': 2 steps on 2 hosts")
        .contains("app-01\n  1. start: unless cmd:test -f running: run echo started >> start.count && printf %s 'x; touch pwned' > out"
            + " && touch running  [timeout 600s]\n  2. healthy: check command `test -f running` exits 0  [until 5s]\napp-02\n")
        .doesNotContain("app-03")
        .contains("DRY RUN: nothing was executed on any host.");
  }

  @Test
  void malformedRunbook_isBadInput_namingFileLineAndField() throws Exception {
    Path rb = runbook("target: app\nsteps:\n  - name: a\n    run: true\n  - name: start\n    rn: systemctl start app\n");

    Cli.Result r = steady("run", rb.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("steady: rb.yaml:6: step 2 'start': unknown field 'rn' (did you mean 'run'?)");
    assertThat(steady("run", work.resolve("nope.yaml").toString()).err()).startsWith("steady: runbook not found: ");
  }

  @Test
  void undefinedVariable_isBadInput_beforeAnythingRuns() throws Exception {
    int before = commandsRun();

    Cli.Result r = steady("run", runbook("target: app\nsteps:\n  - name: s\n    run: echo {{ vars.port }}\n").toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("steady: rb.yaml:4: step 1 's': run: variable '{{ vars.port }}' is not defined for host app-01 (inventory.yaml:3)");
    assertThat(commandsRun()).isEqualTo(before);
  }

  @Test
  void failingStep_isNotAllClear_exitFour_andSkipsTheRestOfThatHost() throws Exception {
    Files.createFile(fleet.host("app-02").root().resolve("broken"));
    Path rb = runbook("target: app\nrate: {max_errors: 2}\nsteps:\n  - name: prepare\n    run: test ! -f broken\n  - name: start\n    run: touch after\n");

    Cli.Result r = steady("run", rb.toString());

    assertThat(r.status()).as(r.toString()).isEqualTo(4);
    assertThat(r.out()).contains("NOT ALL-CLEAR: 6/8 done, 1 failed, 1 skipped")
        .contains("needs attention: app-02 FAILED: command exited 1")
        .contains("needs attention: app-02 SKIPPED: not run: previous step 'prepare' failed");
    assertThat(fleet.host("app-02").root().resolve("after")).doesNotExist();
  }

  @Test
  void gate_withoutATerminal_isRefusedUnlessTheTokenOfTheReviewedPlanIsGiven() throws Exception {
    Path rb = runbook("target: app\nsteps:\n  - name: one\n    run: echo 1 >> start.count\n  - gate: look at the dashboard, then type go\n"
        + "  - name: two\n    run: touch running\n");
    int before = commandsRun();

    Cli.Result refused = steady("run", rb.toString());
    Cli.Result wrong = steady("run", rb.toString(), "--confirm-gates", "0000000000");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.err()).startsWith("steady: --confirm-gates is missing: the runbook has gates and there is no terminal");
    assertThat(wrong.status()).isEqualTo(3);
    assertThat(commandsRun()).as("nothing ran").isEqualTo(before);

    Cli.Result dry = steady("run", rb.toString(), "--dry-run");
    String token = dry.out().lines().filter(l -> l.startsWith("Gates:")).findFirst().orElseThrow().replaceAll(".* ", "");
    Cli.Result ok = steady("run", rb.toString(), "--confirm-gates", token);

    assertThat(ok.status()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("ALL-CLEAR: 8/8 done");
    assertThat(fleet.host("app-04").root().resolve("running")).exists();
  }
}
