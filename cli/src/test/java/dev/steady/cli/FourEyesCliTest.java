package dev.steady.cli;

import static dev.steady.cli.CliFleet.starts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Four eyes from the CLI on real embedded hosts and a real SQLite store: accounts, approvals, refusals. */
@Timeout(120)
class FourEyesCliTest {

  static final String BOB = "bob's long password";
  static final String START = "echo started >> start.count && touch running";
  /** Who `steady cleanup plan` and `steady restart` record as the author in this JVM. */
  static final String ME = System.getProperty("user.name").toLowerCase(java.util.Locale.ROOT);

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  CliFleet cli;
  Path store;
  Path logs;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, List.of("web-01", "web-02"));
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    cli = CliFleet.in(fleet, work);
    store = cli.store;
    logs = Files.createDirectories(fleet.host("web-01").root().resolve("logs-" + System.nanoTime()));
    for (int day = 0; day < 6; day++) {
      Path p = logs.resolve("app-" + day + ".log");
      Files.write(p, new byte[1000]);
      Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(day * 3L)).minusSeconds(60)));
    }
    cli.clearMarkers("start.count", "running");
  }

  List<String> args(String... more) {
    return cli.args(more);
  }

  Cli.Result steady(String... more) {
    return cli.steady(more);
  }

  Cli.Result steadyWithStdin(String stdin, String... more) {
    return cli.steadyWithStdin(stdin, more);
  }

  Cli.Result addUser(String name, String role, String password) {
    Cli.Result r = steadyWithStdin(password + "\n", "user", "add", name, "--role", role, "--password-stdin");
    assertThat(r.status()).as(r.toString()).isZero();
    return r;
  }

  Cli.Result approve(String id, String user, String password) {
    return steadyWithStdin(password + "\n", "approve", id, "--user", user, "--password-stdin");
  }

  List<String> files() throws Exception {
    try (var s = Files.list(logs)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void plan_requiringApproval_isRefusedToApplyUntilASecondEngineerApproves_thenDeletes() throws Exception {
    Cli.Result plan = steady("--json", "cleanup", "plan", "web-01", "--path", logs.toString(), "--older-than", "7d", "--require-approval");
    assertThat(plan.status()).as(plan.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(plan.out());
    String id = json.get("id").asText();
    String shortId = id.substring(0, 12);
    String token = json.get("confirm_token").asText();
    assertThat(json.get("count").asLong()).isEqualTo(3); // days 9, 12, 15
    assertThat(plan.err()).contains("needs approval by a second engineer before apply: steady approve " + shortId);
    assertThat(json.at("/approval/state").asText()).isEqualTo("pending");
    assertThat(json.at("/approval/requested_by").asText()).startsWith(ME + "@");
    assertThat(json.get("state").asText()).isEqualTo("planned");

    Cli.Result review = steady("plan", "show", shortId);
    assertThat(review.out()).contains("approval: PENDING (requested by " + ME + "@")
        .contains("needs approval by a second engineer before apply: steady approve " + shortId)
        .contains("Once approved, run: steady apply " + shortId);

    int commandsBefore = fleet.host("web-01").commandsRun().size();
    Cli.Result early = steady("apply", id, "--confirm", token);
    assertThat(early.status()).as(early.toString()).isEqualTo(3);
    assertThat(early.err()).startsWith("steady: plan:" + id + " needs a second engineer's approval").contains("nothing was changed")
        .contains("steady approve " + shortId);
    assertThat(fleet.host("web-01").commandsRun()).as("refused before connecting").hasSize(commandsBefore);
    assertThat(files()).hasSize(6);

    Cli.Result waiting = steady("approve");
    assertThat(waiting.status()).isZero();
    assertThat(waiting.out()).contains("plan").contains(shortId).contains(ME + "@");

    addUser(ME, "approver", "the author's own password");
    Cli.Result own = approve(shortId, ME, "the author's own password");
    assertThat(own.status()).as(own.toString()).isEqualTo(3);
    assertThat(own.err()).contains("you (" + ME + ") made plan:" + id).contains("four eyes");

    addUser("bob", "approver", BOB);
    Cli.Result wrong = approve(shortId, "bob", "not bob's password");
    assertThat(wrong.status()).as(wrong.toString()).isEqualTo(3);
    assertThat(wrong.err()).contains("user 'bob' does not exist or the password is wrong; nothing was approved");

    addUser("vic", "viewer", "vic's long password");
    Cli.Result viewer = approve(shortId, "vic", "vic's long password");
    assertThat(viewer.status()).isEqualTo(3);
    assertThat(viewer.err()).contains("user vic has the role viewer, which cannot approve");

    Cli.Result stillRefused = steady("apply", id, "--confirm", token);
    assertThat(stillRefused.status()).isEqualTo(3);
    assertThat(files()).hasSize(6);

    Cli.Result approved = approve(shortId, "bob", BOB);
    assertThat(approved.status()).as(approved.toString()).isZero();
    assertThat(approved.out()).contains("APPROVED plan " + shortId + " (made by " + ME + "@").contains("as bob")
        .contains("an operator can now apply it: steady apply " + shortId);

    addUser("ann", "admin", "ann's long password");
    Cli.Result twice = approve(shortId, "ann", "ann's long password");
    assertThat(twice.status()).isEqualTo(3);
    assertThat(twice.err()).contains("already approved by bob");
    assertThat(steady("plan", "show", shortId).out()).contains("approval: approved by bob at ");
    JsonNode shown = new ObjectMapper().readTree(steady("--json", "plan", "show", shortId).out());
    assertThat(shown.at("/approval/state").asText()).isEqualTo("approved");
    assertThat(shown.at("/approval/approved_by").asText()).isEqualTo("bob");
    assertThat(shown.get("id").asText()).isEqualTo(id);

    Cli.Result applied = steady("apply", shortId, "--confirm", token);
    assertThat(applied.status()).as(applied.toString()).isZero();
    assertThat(new ObjectMapper().readTree(steady("--json", "plan", "show", shortId).out()).get("state").asText()).isEqualTo("applied");
    assertThat(files()).containsExactly("app-0.log", "app-1.log", "app-2.log");

    Cli.Result log = steady("--json", "audit", "log", "--run", id);
    assertThat(log.out()).contains("\"approval.required\"").contains("\"approval.granted\"").contains("\"apply.end\"");
    assertThat(log.out().lines().filter(l -> l.contains("\"approval.refused\""))).hasSize(4); // own, wrong password, viewer, twice
    assertThat(log.out()).doesNotContain("bob's long password").doesNotContain("not bob's password");
    assertThat(steady("audit", "verify").status()).isZero();
  }

  @Test
  void restart_requiringApproval_runsNothing_resumeRefusedUntilApproved_thenAllClear() throws Exception {
    Map<String, Integer> before = Map.of("web-01", fleet.host("web-01").commandsRun().size(),
        "web-02", fleet.host("web-02").commandsRun().size());
    Cli.Result created = steady("--json", "restart", "all", "--start", START, "--verify", "cmd:test -f running", "--require-approval");

    assertThat(created.status()).as(created.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(created.out());
    String run = json.get("id").asText();
    assertThat(json.get("state").asText()).isEqualTo("awaiting_approval");
    assertThat(json.get("all_clear").asBoolean()).isFalse();
    assertThat(json.get("rows")).hasSize(2).allMatch(r -> r.get("state").asText().equals("PENDING"));
    assertThat(created.err()).contains("AWAITING APPROVAL: run " + run + " on 2 host(s) was created and nothing was run")
        .contains("steady approve " + run).contains("steady resume " + run);
    before.forEach((host, n) -> assertThat(fleet.host(host).commandsRun()).as(host).hasSize(n));

    Cli.Result status = steady("status", run);
    assertThat(status.out()).contains("AWAITING APPROVAL: 0/2 done, 2 pending (run " + run + "); nothing has run yet");
    assertThat(steady("status").out()).contains(run).contains("awaiting_approval");

    Cli.Result early = steady("resume", run);
    assertThat(early.status()).as(early.toString()).isEqualTo(3);
    assertThat(early.err()).contains("run:" + run + " needs a second engineer's approval").contains("steady approve " + run);
    before.forEach((host, n) -> assertThat(fleet.host(host).commandsRun()).as(host).hasSize(n));

    Cli.Result other = steady("restart", "web-02", "--start", START, "--verify", "cmd:test -f running");
    assertThat(other.status()).as("its hosts stay leased while it waits").isEqualTo(3);
    assertThat(other.err()).contains("held by run " + run);

    addUser("bob", "approver", BOB);
    Cli.Result approved = approve(run, "bob", BOB);
    assertThat(approved.status()).as(approved.toString()).isZero();
    assertThat(approved.out()).contains("APPROVED run " + run).contains("start it with: steady resume " + run);
    assertThat(steady("status", run).out()).contains("approved by bob at ").contains("start it with: steady resume " + run);
    assertThat(starts(fleet.host("web-01"))).isZero();

    Cli.Result resumed = steady("resume", run);
    assertThat(resumed.status()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("ALL-CLEAR: 2/2 done (run " + run + ")");
    assertThat(starts(fleet.host("web-01"))).isEqualTo(1);
    assertThat(starts(fleet.host("web-02"))).isEqualTo(1);
  }

  @Test
  void runbook_requiringApproval_isCreatedWaiting() throws Exception {
    Path book = Files.writeString(work.resolve("start.yaml"), """
        target: all
        steps:
          - name: start
            run: echo started >> start.count && touch running
        """);

    Cli.Result created = steady("--json", "run", book.toString(), "--require-approval");

    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(new ObjectMapper().readTree(created.out()).get("state").asText()).isEqualTo("awaiting_approval");
    assertThat(starts(fleet.host("web-01"))).isZero();
  }

  @Test
  void policyEnvironmentVariable_requiresApproval_forPlansOnThoseEnvironments() throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args("cleanup", "plan", "web-01", "--path", logs.toString(), "--older-than", "7d"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("plan.log").toFile());
    builder.environment().put("STEADY_REQUIRE_APPROVAL", "staging, production");
    Process planning = builder.start();
    assertThat(planning.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(work.resolve("plan.log"), StandardCharsets.UTF_8);
    assertThat(planning.exitValue()).as(out).isZero();
    assertThat(out).contains("approval: PENDING").contains("needs approval by a second engineer before apply: steady approve ");

    Cli.Result pending = steady("--json", "approve");
    assertThat(new ObjectMapper().readTree(pending.out()).get("pending")).hasSize(1);
  }

  @Test
  void planWithoutFlagOrPolicy_needsNoApproval_andApprovingItIsRefused() throws Exception {
    Cli.Result plan = steady("--json", "cleanup", "plan", "web-01", "--path", logs.toString(), "--older-than", "7d");
    JsonNode json = new ObjectMapper().readTree(plan.out());
    String id = json.get("id").asText();
    assertThat(json.has("approval")).isTrue();
    assertThat(json.get("approval").isNull()).as("no approval required").isTrue();
    addUser("bob", "approver", BOB);

    assertThat(steady("plan", "show", id).out()).doesNotContain("approval:").contains("After reviewing, run: steady apply");
    Cli.Result r = approve(id, "bob", BOB);
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).contains("does not need approval");
  }

  @Test
  void approve_badInput_unknownSubject_orNoUser_isExitTwo_withTheFix() {
    Cli.Result unknownPlan = steady("approve", "0123456789abcdef", "--user", "bob");
    assertThat(unknownPlan.status()).isEqualTo(2);
    assertThat(unknownPlan.err()).isEqualTo("steady: no plan or run '0123456789abcdef' in this store; `steady approve` lists what waits"
        + " for approval\n");

    Cli.Result unknownRun = steady("approve", "r-00000000", "--user", "bob");
    assertThat(unknownRun.status()).isEqualTo(2);
    assertThat(unknownRun.err()).contains("no run 'r-00000000'");

    Cli.Result nothing = steady("approve");
    assertThat(nothing.status()).isZero();
    assertThat(nothing.err()).contains("nothing waits for approval");
  }

  @Test
  void approve_withoutUser_orWithoutATerminalOrStdin_isBadInput() throws Exception {
    Cli.Result plan = steady("--json", "cleanup", "plan", "web-01", "--path", logs.toString(), "--older-than", "7d", "--require-approval");
    String id = new ObjectMapper().readTree(plan.out()).get("id").asText();

    Cli.Result noUser = steady("approve", id);
    assertThat(noUser.status()).isEqualTo(2);
    assertThat(noUser.err()).contains("approving needs --user NAME");

    Cli.Result noTerminal = steady("approve", id, "--user", "bob");
    assertThat(noTerminal.status()).isEqualTo(2);
    assertThat(noTerminal.err()).contains("no terminal to type the password on; pipe it in with --password-stdin");
  }

  @Test
  void userCommands_addListPasswdRemove_withTheirRefusals() throws Exception {
    addUser("bob", "approver", BOB);
    addUser("olga", "OPERATOR", "olga's long password");

    Cli.Result list = steady("user", "list");
    assertThat(list.out()).containsPattern("NAME\\s+ROLE\\s+CREATED").containsPattern("bob\\s+approver\\s+20")
        .containsPattern("olga\\s+operator\\s+20");
    JsonNode users = new ObjectMapper().readTree(steady("--json", "user", "list").out()).get("users");
    assertThat(users).hasSize(2);
    assertThat(users.get(0).get("name").asText()).isEqualTo("bob");
    assertThat(users.get(0).get("role").asText()).isEqualTo("approver");
    assertThat(users.get(0).get("created_at").asText()).isNotBlank();

    Cli.Result duplicate = steady("user", "add", "bob", "--role", "admin"); // refused before any password is asked
    assertThat(duplicate.status()).isEqualTo(3);
    assertThat(duplicate.err()).contains("user 'bob' already exists");

    Cli.Result noTerminal = steady("user", "add", "carol", "--role", "viewer");
    assertThat(noTerminal.status()).isEqualTo(2);
    assertThat(noTerminal.err()).contains("no terminal to type the password on; pipe it in with --password-stdin");

    Cli.Result badName = steadyWithStdin(BOB, "user", "add", "../x", "--role", "viewer", "--password-stdin");
    assertThat(badName.status()).isEqualTo(2);
    assertThat(badName.err()).contains("user name '../x' is not valid");

    Cli.Result badRole = steadyWithStdin(BOB, "user", "add", "carol", "--role", "root", "--password-stdin");
    assertThat(badRole.status()).isEqualTo(2);
    assertThat(badRole.err()).contains("unknown role 'root'; use one of viewer, operator, approver, admin");

    Cli.Result shortPassword = steadyWithStdin("short\n", "user", "add", "carol", "--role", "viewer", "--password-stdin");
    assertThat(shortPassword.status()).isEqualTo(2);
    assertThat(shortPassword.err()).contains("the password is too short; use at least 12 characters");

    Cli.Result emptyPassword = steadyWithStdin("\n", "user", "add", "carol", "--role", "viewer", "--password-stdin");
    assertThat(emptyPassword.status()).isEqualTo(2);
    assertThat(steady("--json", "user", "list").out()).doesNotContain("carol");

    Cli.Result passwd = steadyWithStdin("bob's new password\n", "user", "passwd", "bob", "--password-stdin");
    assertThat(passwd.status()).as(passwd.toString()).isZero();
    assertThat(steadyWithStdin("x\n", "user", "passwd", "ghost", "--password-stdin").err()).contains("no user 'ghost'");

    Cli.Result removed = steady("user", "remove", "olga");
    assertThat(removed.status()).isZero();
    Cli.Result again = steady("user", "remove", "olga");
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).isEqualTo("steady: no user 'olga'; `steady user list` shows the users\n");

    Cli.Result log = steady("--json", "audit", "log");
    assertThat(log.out()).contains("\"user.add\"").contains("\"user.passwd\"").contains("\"user.remove\"")
        .doesNotContain("new password").doesNotContain("argon2");
  }

  @Test
  void help_teachesTheRolesAndTheFlow() {
    Cli.Result user = steady("user", "--help");
    assertThat(user.status()).isZero();
    assertThat(user.out()).contains("viewer").contains("operator").contains("approver").contains("admin")
        .contains("--password-stdin").contains("Argon2id");
    Cli.Result approve = steady("approve", "--help");
    assertThat(approve.out()).contains("STEADY_REQUIRE_APPROVAL").contains("steady resume").contains("Exit status");
    for (String sub : List.of("add", "list", "remove", "passwd")) {
      assertThat(steady("user", sub, "--help").status()).as(sub).isZero();
    }
    assertThat(steady("cleanup", "plan", "--help").out()).contains("--require-approval");
    assertThat(steady("restart", "--help").out()).contains("--require-approval");
    assertThat(steady("run", "--help").out()).contains("--require-approval");
  }
}
