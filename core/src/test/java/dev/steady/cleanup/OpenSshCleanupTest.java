package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.fleet.OpenSshFleet;
import dev.steady.fleet.OpenSshHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing and deletion against a real OpenSSH daemon whose private tree is bind-mounted at /srv/app
 * in its own mount namespace (root, Linux and sshd only, as in CI).
 */
@Timeout(120)
class OpenSshCleanupTest {

  @TempDir static Path dir;
  static OpenSshFleet fleet;
  static FleetTransport transport;
  static OpenSshHost app01;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs root, Linux and /usr/sbin/sshd");
    fleet = OpenSshFleet.start(dir.resolve("fleet"), List.of("app-01"), "/srv/app");
    app01 = fleet.host("app-01");
    transport = new FleetTransport(KnownHosts.load(fleet.knownHosts()), new TransportOptions(Duration.ofSeconds(10), null));
  }

  @AfterAll
  static void stop() {
    if (transport != null) {
      transport.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  static VerifiedConnection connect() throws Exception {
    Host h = new Host(app01.name(), app01.address(), app01.port(), app01.user(), fleet.clientKey().toString(), List.of("app"),
        Map.of(), "production", null, null, "test-inventory:app-01");
    return dev.steady.testing.Gates.verified(transport, h);
  }

  @Test
  void planThenApply_overRealSshd_deletesThePlan_andLeavesASwappedDirectorysFiles() throws Exception {
    Path local = Files.createDirectories(app01.root().resolve("t1"));
    Sh.file(local.resolve("logs/a.log"), 100, 1_600_000_000);
    Sh.file(local.resolve("logs/b.log"), 200, 1_600_000_000);
    Sh.file(local.resolve("spool/c.log"), 300, 1_600_000_000);
    Sh.file(local.resolve("spool/keep.txt"), 300, 1_600_000_000);
    Files.createDirectories(local.resolve("elsewhere"));
    Files.createSymbolicLink(local.resolve("logs/out.log"), Path.of("/etc/hostname"));

    List<PlannedFile> planned = new ArrayList<>();
    Listing listing;
    try (VerifiedConnection c = connect()) {
      listing = new ListFiles(c, "/srv/app/t1", ListFilesTest.names("*.log"), Instant.now())
          .call(f -> planned.add(new PlannedFile(planned.size() + 1, f)));
    }
    assertThat(planned).extracting(p -> Sh.text(p.file().path()))
        .containsExactlyInAnyOrder("/srv/app/t1/logs/a.log", "/srv/app/t1/logs/b.log", "/srv/app/t1/spool/c.log");
    assertThat(listing.skipped()).isEqualTo(Map.of("symbolic link", 1L));
    assertThat(listing.skippedSample()).containsExactly("/srv/app/t1/logs/out.log");

    // between plan and apply, spool/ is moved out and replaced by a link to it
    Files.move(local.resolve("spool"), local.resolve("elsewhere/spool"));
    Files.createSymbolicLink(local.resolve("spool"), Path.of("/srv/app/t1/elsewhere/spool"));
    List<FileResult> results = new ArrayList<>();
    Outcome outcome;
    try (VerifiedConnection c = connect()) {
      outcome = new DeleteFiles(c, "/srv/app/t1").call(planned.iterator(), results::add);
    }

    assertThat(outcome.deleted()).isEqualTo(2);
    assertThat(outcome.deletedBytes()).isEqualTo(300);
    assertThat(outcome.drifted()).isEqualTo(1);
    assertThat(results).filteredOn(r -> r.outcome().equals(FileResult.DRIFTED)).extracting(FileResult::reason)
        .containsExactly("a path component is a symbolic link: /srv/app/t1/spool");
    assertThat(local.resolve("logs/a.log")).doesNotExist();
    assertThat(local.resolve("elsewhere/spool/c.log")).exists();
    assertThat(local.resolve("elsewhere/spool/keep.txt")).exists();
    assertThat(Path.of("/etc/hostname")).exists();
  }

  @Test
  void list_refusesRootThroughALinkOnTheHost() throws Exception {
    Files.createDirectories(app01.root().resolve("t2/real/y"));
    Files.createSymbolicLink(app01.root().resolve("t2/x"), Path.of("/srv/app/t2/real"));
    try (VerifiedConnection c = connect()) {
      assertThatThrownBy(() -> new ListFiles(c, "/srv/app/t2/x/y", ListFilesTest.names("*"), Instant.now()).call(f -> {}))
          .hasMessage("host app-01: --path /srv/app/t2/x/y resolves to /srv/app/t2/real/y through a symbolic link; pass the real path");
    }
  }

  @Test
  void delete_refusesAPlannedFileOutsideTheRoot_onTheHost() throws Exception {
    Files.createDirectories(app01.root().resolve("t3/sub"));
    Path victim = Sh.file(app01.root().resolve("t3/victim.log"), 5, 1_600_000_000);
    FileEntry local = Sh.entry(victim);
    FileEntry remote = new FileEntry("/srv/app/t3/victim.log".getBytes(java.nio.charset.StandardCharsets.UTF_8), local.size(),
        local.mtimeNanos(), local.inode(), local.device());
    List<FileResult> results = new ArrayList<>();
    try (VerifiedConnection c = connect()) {
      new DeleteFiles(c, "/srv/app/t3/sub").call(List.of(new PlannedFile(1, remote)).iterator(), results::add);
    }
    assertThat(results).containsExactly(new FileResult(1, FileResult.DRIFTED, "outside the plan root"));
    assertThat(victim).exists();
  }
}
