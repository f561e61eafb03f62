package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freed space is what the disk got back: real sparse files (made with truncate -s) free nothing
 * whatever their size, and a deleted file a process on the host still holds open frees nothing
 * until it is closed, which steady says, naming lsof +L1.
 */
@Timeout(120)
class FreedSpaceCliTest {

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;
  static EmbeddedHost web;

  @TempDir Path work;
  CliFleet cli;
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
    logs = Files.createDirectories(web.root().resolve("logs-" + System.nanoTime()));
    for (int i = 0; i < 3; i++) {
      Files.writeString(logs.resolve("keep-" + i + ".txt"), "kept");
    }
  }

  @AfterEach
  void stopHolder() throws Exception {
    Path pid = logs.resolve("holder.pid");
    if (Files.exists(pid)) {
      new ProcessBuilder("kill", Files.readString(pid).strip()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String[] plan() throws Exception {
    Cli.Result plan = cli.steady("--json", "cleanup", "plan", "web-01", "--path", logs.toString(), "--name", "*.log");
    assertThat(plan.status()).as(plan.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(plan.out());
    return new String[] {json.get("id").asText(), json.get("confirm_token").asText()};
  }

  @Test
  void sparseFiles_freeTheirAllocatedBlocks_notTheirSize_andTheReviewAndReportSaySo() throws Exception {
    for (int i = 0; i < 3; i++) {
      Process truncate = new ProcessBuilder("truncate", "-s", "1G", logs.resolve("huge-" + i + ".log").toString()).start();
      assertThat(truncate.waitFor()).isZero();
    }
    String[] plan = plan();

    Cli.Result review = cli.steady("plan", "show", plan[0]);
    JsonNode planJson = new ObjectMapper().readTree(cli.steady("--json", "plan", "show", plan[0], "--files").out());
    Cli.Result applied = cli.steady("apply", plan[0], "--confirm", plan[1]);

    assertThat(review.out()).contains("   delete 3 files, 3.0 GiB of 6 files under the root\n")
        .contains("   on disk the files take 0 B (apparent size 3.0 GiB): sparse files free less than their size\n");
    assertThat(planJson.get("hosts").get(0).get("allocated_bytes").asLong()).isZero();
    assertThat(planJson.get("hosts").get(0).get("files").get(0).get("allocated").asLong()).isZero();
    assertThat(applied.status()).as(applied.toString()).isZero();
    assertThat(applied.out()).containsPattern("(?m)^── web-01 ── done · deleted 3 files, freed 0 B on disk \\(apparent size 3\\.0 GiB\\) · free now .+$")
        .contains("ALL DONE: deleted 3 files, freed 0 B on disk (apparent size 3.0 GiB) (plan " + plan[0].substring(0, 12))
        .doesNotContain("lsof");
  }

  @Test
  void aDeletedFileStillOpenOnTheHost_isReported_withTheCommandThatFindsItsProcess() throws Exception {
    Path big = logs.resolve("held.log");
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] block = new byte[1 << 20];
      java.util.Arrays.fill(block, (byte) 'x');
      for (int i = 0; i < 256; i++) {
        out.write(block);
      }
    }
    new ProcessBuilder("sync", big.toString()).start().waitFor(30, TimeUnit.SECONDS);
    String[] plan = plan();
    Cli.Result holder = cli.steady("exec", "web-01", "--", "setsid sh -c 'exec 3<" + big + "; exec sleep 120' </dev/null >/dev/null 2>&1 &"
        + " echo $! > " + logs.resolve("holder.pid"));
    assertThat(holder.status()).as(holder.toString()).isZero();

    Cli.Result applied = cli.steady("--json", "apply", plan[0], "--confirm", plan[1]);

    assertThat(applied.status()).as(applied.toString()).isZero();
    JsonNode host = new ObjectMapper().readTree(applied.out()).get("hosts").get(0);
    assertThat(host.get("bytes_freed").asLong()).as("allocated blocks").isGreaterThanOrEqualTo(256L << 20);
    assertThat(host.get("bytes_deleted").asLong()).isEqualTo(256L << 20);
    assertThat(host.get("space_not_released").asLong()).as(host.toString()).isGreaterThan(128L << 20);
    assertThat(applied.err()).as("the human report goes to stderr under --json").isEmpty();
    String run = new ObjectMapper().readTree(applied.out()).get("run").asText();
    assertThat(cli.steady("status", run).out()).containsPattern("less than the 256\\.0 MiB freed: files still open by a process keep their space"
        + " — check with `lsof \\+L1` on web-01");
  }
}
