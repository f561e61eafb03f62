package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The disk-full routine from the CLI: plan, review, confirm, apply, against a real embedded host. */
@Timeout(60)
class CleanupCliTest {

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;
  static EmbeddedHost web;

  @TempDir Path work;
  CliFleet cli;
  Path store;
  Path logs;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, List.of("web-01"));
    web = fleet.host("web-01");
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    cli = CliFleet.in(fleet, work);
    store = cli.store;
    logs = Files.createDirectories(web.root().resolve("logs-" + System.nanoTime()));
    Instant now = Instant.now();
    for (int day = 0; day < 20; day++) {
      Path p = logs.resolve("app-" + day + ".log");
      Files.write(p, new byte[day < 14 ? 2_000_000 : 10]);
      Files.setLastModifiedTime(p, FileTime.from(now.minus(Duration.ofDays(day)).minusSeconds(60)));
    }
    Files.writeString(logs.resolve("name with\nnewline.log"), "x".repeat(3_000_000));
  }

  Cli.Result steady(String... args) {
    return cli.steady(args);
  }

  @Test
  void planReviewApply_deletesTheTwoWeeksOfLargeFilesOnly() throws Exception {
    Cli.Result plan = steady("--json", "cleanup", "plan", "web-01", "--path", logs.toString(), "--newer-than", "14d", "--min-size", "1M");
    assertThat(plan.status()).as(plan.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(plan.out());
    String id = json.get("id").asText();
    String token = json.get("confirm_token").asText();
    assertThat(json.get("count").asLong()).isEqualTo(15); // 14 days of 2 MB files + the newline one
    assertThat(Files.list(logs).count()).isEqualTo(21);

    Cli.Result noTty = steady("apply", id);
    assertThat(noTty.status()).isEqualTo(3);
    assertThat(noTty.err()).contains("--confirm");

    Cli.Result wrong = steady("apply", id, "--confirm", "nope99");
    assertThat(wrong.status()).isEqualTo(3);
    assertThat(Files.list(logs).count()).isEqualTo(21);

    Cli.Result applied = steady("--json", "apply", id.substring(0, 12), "--confirm", token);
    assertThat(applied.status()).as(applied.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(applied.out());
    assertThat(report.get("state").asText()).isEqualTo("done");
    assertThat(report.get("hosts").get(0).get("deleted").asLong()).isEqualTo(15);
    assertThat(Files.list(logs).map(p -> p.getFileName().toString()).sorted().toList())
        .containsExactlyInAnyOrder("app-14.log", "app-15.log", "app-16.log", "app-17.log", "app-18.log", "app-19.log");

    Cli.Result again = steady("apply", id, "--confirm", token);
    assertThat(again.status()).isEqualTo(3);
    assertThat(again.err()).contains("already applied");
  }

  @Test
  void review_escapesANewlineInAFileName_soItCannotFakeALine() {
    Cli.Result plan = steady("cleanup", "plan", "web-01", "--path", logs.toString(), "--min-size", "2500K");

    assertThat(plan.status()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("name with\\x0anewline.log").contains("confirmation token").contains("Nothing has been deleted");
  }

  @Test
  void plan_refusesProtectedPathAndNoCriteria_withExitThree() {
    Cli.Result etc = steady("cleanup", "plan", "web-01", "--path", "/etc", "--older-than", "1d");
    assertThat(etc.status()).isEqualTo(3);
    assertThat(etc.err()).startsWith("steady: ").contains("protected path /etc");

    Cli.Result none = steady("cleanup", "plan", "web-01", "--path", logs.toString());
    assertThat(none.status()).isEqualTo(3);
    assertThat(none.err()).contains("no selection criteria");
  }

  @Test
  void plan_refusedWhenFarFromTheExpectation() {
    Cli.Result r = steady("cleanup", "plan", "web-01", "--path", logs.toString(), "--newer-than", "14d", "--min-size", "1M",
        "--expect-count", "4");

    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).contains("--expect-count says 4");
  }

  @Test
  void planShow_unknownPlan_isBadInput() {
    Cli.Result r = steady("plan", "show", "0123456789abcdef");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("no plan '0123456789abcdef'");
  }
}
