package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees: exact messages and exit statuses, against real embedded SSH hosts. */
@Timeout(60)
class CliTest {

  static final List<String> NAMES = List.of("web-01", "web-02", "web-03", "db-01");
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  CliFleet cli;
  Path inventory;
  Path knownHosts;
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
    cli = CliFleet.in(fleet, work).withKnownHosts(Files.copy(fleet.knownHosts(), work.resolve("known_hosts"))); // tests edit it
    inventory = cli.inventory;
    knownHosts = cli.knownHosts;
    store = cli.store;
    for (EmbeddedHost h : fleet.hosts()) {
      h.setHostname(h.name());
    }
  }

  Cli.Result steady(String... args) {
    return cli.steady(args);
  }

  static void assertNoStackTrace(Cli.Result r) {
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void inventoryList_showsHostsInInventoryOrder() {
    Cli.Result r = steady("inventory", "list");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).containsSubsequence("web-01", "web-02", "web-03", "db-01").contains("4 hosts from");
  }

  @Test
  void globalOptionsWorkAfterTheCommandName() {
    Cli.Result r = Cli.run("inventory", "list", "--inventory", inventory.toString(), "--json");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("{\"hosts\":[");
  }

  @Test
  void unknownTarget_isBadInputWithOneLineReason() {
    Cli.Result r = steady("exec", "web-9", "--", "true");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("steady: ").contains("web-9").endsWith("\n");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertNoStackTrace(r);
  }

  @Test
  void malformedInventory_namesFileAndLine() throws Exception {
    Files.writeString(inventory, "hosts:\n  web-01: {address: 127.0.0.1, port: [oops\n");

    Cli.Result r = steady("inventory", "list");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("steady: ").contains(inventory.getFileName().toString());
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertNoStackTrace(r);
  }

  @Test
  void missingInventory_tellsWhereToPointIt() {
    Cli.Result r = Cli.run("--inventory", work.resolve("nope.yaml").toString(), "inventory", "list");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yaml").contains("--inventory");
    assertNoStackTrace(r);
  }

  @Test
  void concurrencyBelowOneOrNotANumber_isRefusedTheSameWayByEveryCommand_beforeAnyHostIsTouched() {
    List<List<String>> commands = List.of(
        List.of("exec", "all", "--concurrency", "@", "--", "touch", "conc-ran"),
        List.of("inventory", "check", "all", "--concurrency", "@"),
        List.of("inventory", "pin", "all", "--concurrency", "@"),
        List.of("cleanup", "plan", "all", "--path", "/var/log/app", "--older-than", "1d", "--concurrency", "@"),
        List.of("apply", "no-such-plan", "--concurrency", "@"),
        List.of("restart", "all", "--start", "touch conc-ran", "--verify", "cmd:true", "--concurrency", "@"));
    List<Integer> before = fleet.hosts().stream().map(h -> h.commandsRun().size()).toList();
    for (List<String> command : commands) {
      for (String value : List.of("0", "-3", "many")) {
        Cli.Result r = steady(command.stream().map(a -> a.equals("@") ? value : a).toArray(String[]::new));

        assertThat(r.status()).as(command + " " + value + "\n" + r).isEqualTo(2);
        assertThat(r.err()).as(command + " " + value).startsWith("steady: ").contains("--concurrency").contains("at least 1");
        assertThat(r.err().lines().count()).isEqualTo(1);
      }
    }
    assertThat(fleet.hosts().stream().map(h -> h.commandsRun().size()).toList()).isEqualTo(before);
    assertThat(fleet.hosts()).allSatisfy(h -> assertThat(h.root().resolve("conc-ran")).doesNotExist());
  }

  @Test
  void zeroDurationsAndCounts_areBadInput_notAnInternalErrorOrAQuietDefault() {
    List<List<String>> commands = List.of(
        List.of("cleanup", "plan", "web-01", "--path", "/var/log/app", "--older-than", "1d", "--ttl", "0s"),
        List.of("exec", "all", "--timeout", "0m", "--", "touch", "zero-ran"),
        List.of("exec", "all", "--connect-timeout", "0s", "--", "touch", "zero-ran"),
        List.of("restart", "all", "--start", "touch zero-ran", "--verify", "cmd:true", "--verify-timeout", "0s"),
        List.of("restart", "all", "--start", "touch zero-ran", "--verify", "cmd:true", "--interval", "0s"),
        List.of("status", "-n", "0"),
        List.of("plan", "list", "-n", "-1"),
        List.of("audit", "log", "-n", "0"));
    List<Integer> before = fleet.hosts().stream().map(h -> h.commandsRun().size()).toList();
    for (List<String> command : commands) {
      Cli.Result r = steady(command.toArray(String[]::new));

      assertThat(r.status()).as(command + "\n" + r).isEqualTo(2);
      assertThat(r.err()).as(command.toString()).startsWith("steady: Invalid value for option").containsAnyOf("at least 1", "more than zero");
      assertThat(r.err().lines().count()).isEqualTo(1);
    }
    assertThat(fleet.hosts().stream().map(h -> h.commandsRun().size()).toList()).isEqualTo(before);
    assertThat(fleet.hosts()).allSatisfy(h -> assertThat(h.root().resolve("zero-ran")).doesNotExist());
  }

  @Test
  void usageError_pointsAtHelp() {
    Cli.Result r = steady("exec");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("steady: ").contains("see `steady exec --help`");
  }

  @Test
  void exec_groupsOutputUnderOneBannerPerHostInOrder_andSummarises() {
    Cli.Result r = steady("exec", "all", "--", "echo", "line1;", "echo", "line2");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).containsSubsequence(
        "── web-01", "line1\nline2\n", "── web-02", "line1\nline2\n", "── web-03", "── db-01", "4 hosts: 4 ok, 0 failed, 0 refused, 0 unreachable");
  }

  @Test
  void exec_refusesLyingHost_runsElsewhere_andExitsFour() {
    fleet.host("web-02").setHostname("web-01");

    Cli.Result r = steady("exec", "web-0*", "--", "touch", "cli-ran");

    assertThat(r.status()).as(r.toString()).isEqualTo(4);
    assertThat(r.out()).contains("── web-02").contains("REFUSED").contains("answers hostname 'web-01', expected exactly 'web-02'")
        .contains("3 hosts: 2 ok, 0 failed, 1 refused, 0 unreachable");
    assertThat(fleet.host("web-02").root().resolve("cli-ran")).doesNotExist();
    assertThat(fleet.host("web-03").root().resolve("cli-ran")).exists();
  }

  @Test
  void exec_json_printsOneLinePerHostWithTheContractFields() throws Exception {
    Cli.Result r = steady("exec", "all", "--json", "--", "hostname");

    assertThat(r.status()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 4; i++) {
      JsonNode line = new ObjectMapper().readTree(lines.get(i));
      assertThat(line.get("host").asText()).isEqualTo(NAMES.get(i));
      assertThat(line.get("state").asText()).isEqualTo("ok");
      assertThat(line.get("exit_status").asInt()).isZero();
      assertThat(line.get("stdout").asText()).isEqualTo(NAMES.get(i) + "\n");
      assertThat(line.has("stderr")).isTrue();
    }
    assertThat(r.err()).contains("4 hosts: 4 ok");
  }

  @Test
  void exec_escapesControlCharactersInOutput() {
    Cli.Result r = steady("exec", "web-01", "--", "printf", "'a\\033[2Jb\\n'");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains("a\\x1b[2Jb").doesNotContain("\u001b[2J");
  }

  @Test
  void pin_withoutTerminalOrToken_isRefusedAndShowsTheToken_thenPinsWithIt() throws Exception {
    Files.delete(knownHosts);

    Cli.Result refused = steady("inventory", "pin", "all");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.err()).contains("SHA256:").contains("new").contains("rerun with --confirm");
    assertThat(knownHosts).doesNotExist();

    Matcher m = Pattern.compile("--confirm ([0-9a-f]{8})").matcher(refused.err());
    assertThat(m.find()).isTrue();
    Cli.Result wrong = steady("inventory", "pin", "all", "--confirm", "deadbeef");
    assertThat(wrong.status()).isEqualTo(3);
    assertThat(knownHosts).doesNotExist();

    Cli.Result pinned = steady("inventory", "pin", "all", "--confirm", m.group(1));
    assertThat(pinned.status()).as(pinned.toString()).isZero();
    List<String> lines = Files.readAllLines(knownHosts);
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 4; i++) {
      EmbeddedHost h = fleet.hosts().get(i);
      assertThat(lines.get(i)).as("bound to the name, with the machine-id read after pinning")
          .startsWith("[" + h.name() + "]:" + h.port() + ",[127.0.0.1]:" + h.port() + " ssh-ed25519 ")
          .endsWith(" steady-machine-id=" + h.machineId());
    }
    assertThat(pinned.err()).contains("pinned web-01 SHA256:").contains("machine-id " + fleet.host("web-01").machineId());

    Cli.Result check = steady("inventory", "check", "all");
    assertThat(check.status()).as(check.toString()).isZero();
    assertThat(check.out()).contains("4 hosts: 4 ok, 0 not ok");
  }

  @Test
  void pin_recordsAMissingMachineIdWithoutAToken_andACloneIsThenRefused_andReplacedOnlyWithReplaceAndToken() throws Exception {
    EmbeddedHost web02 = fleet.host("web-02");
    List<String> withoutIds = Files.readAllLines(knownHosts).stream().map(l -> l.replaceAll(" steady-machine-id=\\S+", "")).toList();
    Files.write(knownHosts, withoutIds);

    Cli.Result recorded = steady("inventory", "pin", "web-02");

    assertThat(recorded.status()).as(recorded.toString()).isZero();
    assertThat(recorded.err()).contains("already pinned; machine-id to record")
        .contains("machine-id recorded web-02").contains("nothing to pin");
    assertThat(Files.readAllLines(knownHosts).get(1)).endsWith(" steady-machine-id=" + web02.machineId());

    String original = web02.machineId();
    web02.setMachineId("0123456789abcdef0123456789abcdef"); // the image was cloned or rebuilt: same key and name, new id
    try {
      Cli.Result check = steady("--json", "inventory", "check", "web-02");
      assertThat(check.status()).isEqualTo(4);
      JsonNode line = new ObjectMapper().readTree(check.out().lines().findFirst().orElseThrow());
      assertThat(line.get("identity").asText()).isEqualTo("mismatch");
      assertThat(line.get("machine_id").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
      assertThat(steady("exec", "web-02", "--", "touch", "clone-ran").status()).isEqualTo(4);
      assertThat(web02.root().resolve("clone-ran")).doesNotExist();

      Cli.Result refused = steady("inventory", "pin", "web-02");
      assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
      assertThat(refused.err()).contains("MACHINE-ID CHANGED").contains("rerun with --replace");
      assertThat(Files.readAllLines(knownHosts).get(1)).endsWith(" steady-machine-id=" + original);

      Cli.Result noToken = steady("inventory", "pin", "web-02", "--replace");
      Matcher m = Pattern.compile("--confirm ([0-9a-f]{8})").matcher(noToken.err());
      assertThat(m.find()).as(noToken.toString()).isTrue();
      Cli.Result replaced = steady("inventory", "pin", "web-02", "--replace", "--confirm", m.group(1));
      assertThat(replaced.status()).as(replaced.toString()).isZero();
      assertThat(replaced.err()).contains("machine-id replaced web-02");
      assertThat(steady("inventory", "check", "web-02").status()).isZero();
    } finally {
      web02.setMachineId(original);
    }
  }

  @Test
  void check_json_reportsUnknownKeyForUnpinnedHost() throws Exception {
    Files.write(knownHosts, Files.readAllLines(knownHosts).subList(1, 4));

    Cli.Result r = steady("--json", "inventory", "check", "all");

    assertThat(r.status()).isEqualTo(4);
    JsonNode first = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
    assertThat(first.get("host").asText()).isEqualTo("web-01");
    assertThat(first.get("identity").asText()).isEqualTo("unknown_key");
    assertThat(first.get("key_fingerprint").asText()).startsWith("SHA256:");
    assertThat(first.get("message").asText()).contains("steady inventory pin web-01");
  }

  @Test
  void auditVerify_detectsAnEditedEntry() throws Exception {
    assertThat(steady("exec", "all", "--", "true").status()).isZero();
    Cli.Result ok = steady("--json", "audit", "verify");
    assertThat(ok.status()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("\"ok\":true");

    try (var c = DriverManager.getConnection("jdbc:sqlite:" + store);
        var s = c.createStatement()) {
      s.executeUpdate("UPDATE audit SET data = replace(data, 'true', 'rm -rf /') WHERE action = 'exec.command' AND seq = "
          + "(SELECT min(seq) FROM audit WHERE action = 'exec.command')");
    }

    Cli.Result broken = steady("--json", "audit", "verify");
    assertThat(broken.status()).isEqualTo(4);
    JsonNode json = new ObjectMapper().readTree(broken.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("first_bad").asLong()).isPositive();
  }

  @Test
  void auditLog_showsWhatRan() {
    steady("exec", "web-01", "--", "echo", "audited");

    Cli.Result r = steady("audit", "log", "-n", "10");

    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("exec.start").contains("identity").contains("exec.result").contains("echo audited");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "inventory", "inventory list", "inventory check", "inventory pin", "exec",
      "cleanup", "cleanup plan", "plan", "plan show", "plan list", "apply", "restart", "run", "status", "resume", "audit", "audit log",
      "audit verify", "audit head", "audit export", "demo"})
  void everyCommand_answersHelp_withoutWarnings(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    Cli.Result r = Cli.run(args.toArray(String[]::new));

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: steady" + (command.isEmpty() ? "" : " " + command));
    assertThat(r.err()).doesNotContain("WARN");
  }
}
