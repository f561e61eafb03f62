package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.fleet.EmbeddedFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page follows the inventory and known_hosts files: a host an engineer adds during an
 * incident shows up without restarting the console, a broken edit never blanks the page, and a key
 * pinned (or revoked) while the console runs counts at the next identity check.
 */
class FleetPageTest {

  @TempDir Path dir;

  @Test
  void fleetPage_followsInventoryEdits_andKeepsTheLastGoodOneWhenAnEditIsBroken() throws Exception {
    String one = "hosts:\n  web-01: {address: 127.0.0.1, port: 2201, groups: [web], env: staging}\n";
    try (TestConsole console = TestConsole.start(dir, one, dir.resolve("known_hosts"))) {
      Browserless vera = new Browserless(console).login("vera");
      assertThat(vera.get("/").body()).contains("web-01").doesNotContain("db-01");

      Path inventory = dir.resolve("inventory.yaml");
      Files.writeString(inventory, one + "  db-01: {address: 127.0.0.1, port: 2202, groups: [db]}\n");
      Files.setLastModifiedTime(inventory, FileTime.from(Instant.now().plusSeconds(5)));
      assertThat(vera.get("/").body()).as("the added host appears").contains("web-01").contains("db-01");

      Files.writeString(inventory, "hosts:\n  web-01: {address: [unclosed\n");
      Files.setLastModifiedTime(inventory, FileTime.from(Instant.now().plusSeconds(10)));
      String page = vera.get("/").body();
      assertThat(page).as("the last good inventory stays").contains("web-01").contains("db-01");
      assertThat(page).contains("The inventory file was changed but cannot be read").contains("inventory.yaml");
    }
  }

  @Test
  void identityCheck_usesTheKnownHostsFileAsItIsNow_notAsItWasWhenTheConsoleStarted() throws Exception {
    try (EmbeddedFleet fleet = EmbeddedFleet.start(dir.resolve("fleet"), List.of("web-01"))) {
      Path inventory = fleet.writeInventory(dir.resolve("inventory.yaml"), "production");
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
      try (TestConsole console = TestConsole.start(dir, inventory, knownHosts)) {
        Browserless olivia = new Browserless(console).login("olivia");
        assertThat(checkedIdentity(olivia)).as("nothing pinned when the console started").isEqualTo("unknown_key");

        Files.writeString(knownHosts, fleet.host("web-01").knownHostsLine() + System.lineSeparator());
        assertThat(checkedIdentity(olivia)).as("pinned while the console runs").isEqualTo("ok");

        Files.writeString(knownHosts, "@revoked " + fleet.host("web-01").knownHostsLine() + System.lineSeparator(), StandardOpenOption.APPEND);
        assertThat(checkedIdentity(olivia)).as("revoked while the console runs").isEqualTo("mismatch");
      }
    }
  }

  /** Checks the fleet from the page and returns the single host's identity code once a new result shows. */
  private static String checkedIdentity(Browserless user) throws Exception {
    String before = identityLine(user.get("/").body());
    assertThat(user.post("/fleet/check").statusCode()).isEqualTo(303);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String now = identityLine(user.get("/").body());
      if (now != null && !now.equals(before)) {
        return now.replaceAll("identity: (\\S+).*", "$1");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no new identity result within 30 s; last: " + before);
  }

  private static String identityLine(String page) {
    Matcher m = Pattern.compile("<p class=\"identity [a-z]+\">(identity: [^<]*<span class=\"when\">[^<]*)</span>").matcher(page);
    return m.find() ? m.group(1) : null;
  }
}
