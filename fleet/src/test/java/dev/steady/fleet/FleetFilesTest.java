package dev.steady.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FleetFilesTest {

  @TempDir Path dir;

  @Test
  void embeddedFleet_pinsEveryHostAndListsThemInOrder() throws IOException {
    try (EmbeddedFleet fleet = EmbeddedFleet.start(dir, List.of("web-01", "web-02", "db-01"))) {
      Path inventory = fleet.writeInventory(dir.resolve("inventory.yaml"), "staging");

      List<String> knownHosts = Files.readAllLines(fleet.knownHosts());
      assertThat(knownHosts).hasSize(3);
      for (int i = 0; i < 3; i++) {
        EmbeddedHost host = fleet.hosts().get(i);
        assertThat(knownHosts.get(i)).isEqualTo(host.knownHostsLine())
            .startsWith("[" + host.name() + "]:" + host.port() + ",[127.0.0.1]:" + host.port() + " ssh-ed25519 AAAA")
            .endsWith(" steady-machine-id=" + host.machineId());
      }
      assertThat(Files.readAllLines(inventory)).containsExactly(
          "defaults: {user: steady, identity_file: " + fleet.clientKey() + ", env: staging}",
          "hosts:",
          "  web-01: {address: 127.0.0.1, port: " + fleet.host("web-01").port() + ", groups: [fleet]}",
          "  web-02: {address: 127.0.0.1, port: " + fleet.host("web-02").port() + ", groups: [fleet]}",
          "  db-01: {address: 127.0.0.1, port: " + fleet.host("db-01").port() + ", groups: [fleet]}");
      assertThat(Files.readString(fleet.clientKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
      assertThat(Files.getPosixFilePermissions(fleet.clientKey())).hasSize(2);
      assertThat(dir.resolve("client/id_ed25519.pub")).content().startsWith("ssh-ed25519 AAAA");
    }
  }

  @Test
  void restartedFleet_keepsItsKeys() throws IOException {
    String pinned;
    try (EmbeddedFleet fleet = EmbeddedFleet.start(dir, List.of("a"))) {
      pinned = fleet.host("a").knownHostsLine().replaceFirst("^\\S+", "");
    }
    try (EmbeddedFleet fleet = EmbeddedFleet.start(dir, List.of("a"))) {
      assertThat(fleet.host("a").knownHostsLine()).endsWith(pinned);
    }
  }

  @Test
  void names_mustBeUniqueAndFileSafe() {
    assertThatThrownBy(() -> EmbeddedFleet.start(dir, List.of("a", "a"))).hasMessageContaining("unique");
    assertThatThrownBy(() -> EmbeddedFleet.start(dir, List.of("../x"))).hasMessageContaining("must match");
    assertThatThrownBy(() -> EmbeddedFleet.start(dir, List.of())).hasMessageContaining("at least one");
  }

  @Test
  void tenEmbeddedHosts_startNamedInOrder_eachOnItsOwnPortAndKey() throws IOException {
    List<String> names = FleetMain.names(java.util.Map.of("count", "10", "prefix", "host-"));
    try (EmbeddedFleet fleet = EmbeddedFleet.start(dir, names)) {
      assertThat(fleet.hosts()).extracting(TestHost::name).startsWith("host-001").endsWith("host-010");
      assertThat(fleet.hosts().stream().map(TestHost::port).distinct()).hasSize(10);
      assertThat(fleet.hosts().stream().map(h -> h.hostKey().toString()).distinct()).hasSize(10);
    }
  }
}
