package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditLog;
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
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run id apply prints leads somewhere: status (list and one run), the audit log and export know
 * it; every id is accepted as the short form steady prints or any unique prefix; plan show of an
 * applied plan says who applied it and what happened instead of offering its token again.
 */
@Timeout(90)
class AppliesAreRunsCliTest {

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;
  static EmbeddedHost web;
  static final String ME = AuditLog.currentActor();

  @TempDir Path work;
  CliFleet cli;
  Path logs;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, List.of("web-01", "web-02"));
    web = fleet.host("web-01");
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    cli = CliFleet.in(fleet, work);
    logs = Files.createDirectories(web.root().resolve("logs-" + System.nanoTime()));
    for (int i = 0; i < 5; i++) {
      Files.write(logs.resolve("app-" + i + ".log"), new byte[1_000_000]);
    }
    for (int i = 0; i < 5; i++) {
      Files.writeString(logs.resolve("keep-" + i + ".txt"), "kept");
    }
  }

  /** A plan of the five files on web-01: its id and token. */
  private String[] plan(String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--json", "cleanup", "plan", "web-01", "--path", logs.toString(), "--name",
        "*.log"));
    args.addAll(List.of(more));
    Cli.Result plan = cli.steady(args.toArray(String[]::new));
    assertThat(plan.status()).as(plan.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(plan.out());
    return new String[] {json.get("id").asText(), json.get("confirm_token").asText()};
  }

  private String apply(String[] plan) throws Exception {
    Cli.Result applied = cli.steady("--json", "apply", plan[0].substring(0, 12), "--confirm", plan[1]);
    assertThat(applied.status()).as(applied.toString()).isZero();
    return new ObjectMapper().readTree(applied.out()).get("run").asText();
  }

  @Test
  void applysRunId_isListedByStatus_andStatusRunShowsPerHostCounts() throws Exception {
    String[] plan = plan();
    String run = apply(plan);

    JsonNode runs = new ObjectMapper().readTree(cli.steady("--json", "status").out()).get("runs");
    JsonNode listed = StreamSupport.stream(runs.spliterator(), false).filter(r -> r.get("id").asText().equals(run)).findFirst().orElseThrow();
    assertThat(listed.get("kind").asText()).isEqualTo("apply");
    assertThat(listed.get("state").asText()).isEqualTo("done");
    assertThat(listed.get("all_clear").asBoolean()).isTrue();

    Cli.Result status = cli.steady("status", run);
    assertThat(status.status()).as(status.toString()).isZero();
    assertThat(status.out()).startsWith("apply of plan " + plan[0].substring(0, 12) + " on 'web-01' by " + ME + ", started ")
        .containsPattern("(?m)^web-01      delete  DONE +\\d+\\.\\ds  deleted 5 files, freed 4\\.8 MiB on disk; free now .+$")
        .containsPattern("HOST    STATE  DELETED  DRIFTED  FAILED  FREED ON DISK  APPARENT SIZE\nweb-01  DONE   5        0        0       4\\.8 MiB"
            + " +4\\.8 MiB\n")
        .containsPattern("ALL DONE: deleted 5 files, freed 4\\.8 MiB on disk; 1/1 done \\(run " + run + ", plan "
            + plan[0].substring(0, 12) + ", done\\)");

    JsonNode json = new ObjectMapper().readTree(cli.steady("--json", "status", run).out());
    assertThat(json.get("kind").asText()).isEqualTo("apply");
    assertThat(json.get("plan").asText()).isEqualTo(plan[0]);
    assertThat(json.get("next")).isEmpty();
    assertThat(json.get("hosts").get(0).get("deleted").asLong()).isEqualTo(5);
    assertThat(json.get("hosts").get(0).get("bytes_deleted").asLong()).isEqualTo(5_000_000);
    assertThat(json.get("hosts").get(0).get("bytes_freed").asLong()).as("allocated blocks").isGreaterThanOrEqualTo(5_000_000);
  }

  @Test
  void auditLogAndExport_ofAnApplysRun_holdItsPlanAndItsDeletions() throws Exception {
    String[] plan = plan();
    String run = apply(plan);

    Cli.Result log = cli.steady("audit", "log", "--run", run);
    Cli.Result export = cli.steady("audit", "export", run.substring(0, 6), "--format", "md");

    assertThat(log.status()).as(log.toString()).isZero();
    assertThat(log.out()).contains("plan.created").contains("apply.start").contains("apply.end");
    assertThat(export.status()).as(export.toString()).isZero();
    assertThat(export.out()).startsWith("# Timeline of " + run.substring(0, 6)).contains("| apply.start |").contains("| apply.end |");
  }

  @Test
  void everyIdCommand_takesTheShortFormOrAUniquePrefix_andAnAmbiguousPrefixListsTheCandidates() throws Exception {
    String[] plan = plan();
    String run = apply(plan);
    try (Store s = Stores.open(cli.store.toString())) {
      for (String id : List.of("r-zz000001", "r-zz000002")) {
        s.createRun(new RunInfo(id, "restart", "done", true, "alice@laptop", "web-01", Instant.now(), Instant.now(), "{}"),
            List.of(new RunRow(id, "web-01", "restart", 0, RowState.DONE, 0, Instant.now(), Instant.now(), 1, "verified")));
      }
    }

    assertThat(cli.steady("status", run.substring(0, 5)).status()).isZero();
    assertThat(cli.steady("plan", "show", plan[0].substring(0, 3)).status()).isZero();
    assertThat(cli.steady("audit", "log", "--run", plan[0].substring(0, 12)).out()).contains("apply.end");
    Cli.Result ambiguous = cli.steady("status", "r-zz");
    assertThat(ambiguous.status()).isEqualTo(2);
    assertThat(ambiguous.err()).isEqualTo("steady: run id prefix 'r-zz' matches 2 runs: r-zz000001, r-zz000002; give more characters"
        + " of the id\n");
    assertThat(cli.steady("resume", "r-zz").err()).contains("matches 2 runs: r-zz000001, r-zz000002");
    assertThat(cli.steady("status", "r-zz000002").status()).isZero();
    Cli.Result resumeApply = cli.steady("resume", run);
    assertThat(resumeApply.status()).isEqualTo(2);
    assertThat(resumeApply.err()).contains("is the apply of plan " + plan[0].substring(0, 12) + "; continue an interrupted apply with"
        + " `steady apply " + plan[0].substring(0, 12) + " --resume`");
  }

  @Test
  void planShow_ofAnAppliedPlan_saysWhoAppliedItWhenAndWhatHappened_andShowsNoToken() throws Exception {
    String[] plan = plan();
    String run = apply(plan);

    Cli.Result show = cli.steady("plan", "show", plan[0].substring(0, 12));

    assertThat(show.status()).as(show.toString()).isZero();
    assertThat(show.out()).doesNotContain(plan[1]).doesNotContain("confirmation token").doesNotContain("expires")
        .doesNotContain("Nothing has been deleted")
        .containsPattern("(?m)^APPLIED by " + java.util.regex.Pattern.quote(ME) + ", started \\S+, ended \\S+ \\(run " + run + "\\)$")
        .containsPattern("(?m)^  web-01: deleted 5 of 5 files \\(4\\.8 MiB\\), 0 drifted, 0 failed — DONE: deleted 5 files, freed 4\\.8 MiB on disk; free now .+$")
        .contains("A plan is applied once: make a new plan to delete more. `steady status " + run + "` has the apply's checklist.");
    JsonNode json = new ObjectMapper().readTree(cli.steady("--json", "plan", "show", plan[0]).out());
    assertThat(json.get("confirm_token").isNull()).isTrue();
    assertThat(json.get("state").asText()).isEqualTo("applied");
    assertThat(json.get("apply_state").asText()).isEqualTo("applied");
    assertThat(json.get("run").asText()).isEqualTo(run);
    assertThat(json.get("applied_by").asText()).isEqualTo(ME);
  }

  @Test
  void planShow_ofAnExpiredPlan_showsNoToken() throws Exception {
    String[] plan = plan("--ttl", "1s");
    Thread.sleep(1200);

    Cli.Result show = cli.steady("plan", "show", plan[0]);

    assertThat(show.out()).doesNotContain(plan[1]).contains("(EXPIRED)")
        .contains("Nothing has been deleted. The plan expired and can no longer be applied: plan again, so the review shows the files as"
            + " they are now.");
    assertThat(new ObjectMapper().readTree(cli.steady("--json", "plan", "show", plan[0]).out()).get("confirm_token").isNull()).isTrue();
  }

  @Test
  void applyWithADriftedFile_isAFailedRow_andStatusExitsFour() throws Exception {
    String[] plan = plan();
    Files.write(logs.resolve("app-3.log"), new byte[10]);
    Cli.Result applied = cli.steady("--json", "apply", plan[0], "--confirm", plan[1]);
    assertThat(applied.status()).isEqualTo(4);
    String run = new ObjectMapper().readTree(applied.out()).get("run").asText();

    Cli.Result status = cli.steady("status", run);

    assertThat(status.status()).isEqualTo(4);
    assertThat(status.out()).containsPattern("(?m)^web-01      delete  FAILED .*deleted 4 files, freed 3\\.8 MiB on disk; not deleted: 1 drifted,"
            + " 0 failed;")
        .containsPattern("web-01  FAILED  4        1        0       3\\.8 MiB +3\\.8 MiB")
        .containsPattern("NOT ALL-CLEAR: deleted 4 files, freed 3\\.8 MiB on disk; 0/1 done, 1 failed \\(run " + run)
        .contains("  every drifted or failed file and its reason: steady audit log --run " + run + " -n 1000");
  }
}
