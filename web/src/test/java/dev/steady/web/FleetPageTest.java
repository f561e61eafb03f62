package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page follows the inventory file: a host an engineer adds during an incident shows up
 * without restarting the console, and a broken edit never blanks the page.
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
}
