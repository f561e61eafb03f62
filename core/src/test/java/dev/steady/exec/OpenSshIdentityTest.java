package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.audit.AuditLog;
import dev.steady.fleet.OpenSshFleet;
import dev.steady.fleet.OpenSshHost;
import dev.steady.identity.Identity;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 2 against real OpenSSH daemons when the machine at a host's address is swapped: a
 * clone of the host's image (its host key and hostname copied, its own /etc/machine-id) that took
 * over the address is refused by the machine-id recorded with the pin, and nothing runs there.
 */
@Timeout(120)
class OpenSshIdentityTest {

  @TempDir Path dir;

  @Test
  void aCloneThatTookOverTheAddress_withTheOriginalsKeyAndHostname_isRefusedByItsMachineId() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs root, Linux and /usr/sbin/sshd");
    try (OpenSshFleet fleet = OpenSshFleet.start(dir.resolve("fleet"), List.of("app-01", "app-02"), "/srv/app")) {
      OpenSshHost app01 = fleet.host("app-01");
      String pinnedId = app01.machineId();
      KnownHosts pins = KnownHosts.load(fleet.knownHosts());
      AuditLog audit = TestFleets.audit(dir);
      Host inventoryApp01 = TestFleets.host(app01, fleet.clientKey(), "production");
      try (FleetTransport transport = new FleetTransport(pins, new TransportOptions(Duration.ofSeconds(10), null))) {
        assertThat(exec(transport, audit, inventoryApp01, "true").allOk()).as("the original passes").isTrue();

        OpenSshHost clone = fleet.replaceByClone("app-01", "app-01-clone");

        ExecReport report = exec(transport, audit, inventoryApp01, "touch /srv/app/clone-ran");
        HostOutcome outcome = report.outcomes().getFirst();
        assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
        assertThat(outcome.identity()).isInstanceOfSatisfying(Identity.MachineIdMismatch.class, m -> {
          assertThat(m.expected()).isEqualTo(pinnedId);
          assertThat(m.answered()).isEqualTo(clone.machineId()).isNotEqualTo(pinnedId);
        });
        assertThat(Files.exists(clone.root().resolve("clone-ran"))).isFalse();
      }
    }
  }

  @Test
  void aStockHostWithThreeKeys_andOnlyItsEd25519OrItsRsaKeyPinned_presentsThePinnedOne_noFalseAlarm() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs root, Linux and /usr/sbin/sshd");
    try (OpenSshFleet fleet = OpenSshFleet.start(dir.resolve("stock"), List.of("app-01"), "/srv/app",
        new dev.steady.fleet.OpenSshSetup(true, List.of()))) {
      OpenSshHost app01 = fleet.host("app-01");
      Host host = TestFleets.host(app01, fleet.clientKey(), "production");
      AuditLog audit = TestFleets.audit(dir);
      String rsa = Files.readString(app01.root().getParent().resolve("ssh_host_rsa_key.pub")).strip();
      String pins = "[app-01]:" + app01.port() + ",[127.0.0.1]:" + app01.port() + " ";
      Path ed25519Only = Files.writeString(dir.resolve("ed25519_only"), app01.knownHostsLine() + "\n");
      Path rsaOnly = Files.writeString(dir.resolve("rsa_only"), pins + rsa.substring(0, rsa.lastIndexOf(' ')) + "\n");

      for (Path file : List.of(ed25519Only, rsaOnly)) {
        try (FleetTransport transport = new FleetTransport(KnownHosts.load(file), new TransportOptions(Duration.ofSeconds(10), null))) {
          ExecReport report = exec(transport, audit, host, "true");
          assertThat(report.allOk()).as(file.getFileName() + ": " + report.outcomes().getFirst().identity().message()).isTrue();
        }
      }
    }
  }

  private static ExecReport exec(FleetTransport transport, AuditLog audit, Host host, String command) {
    return new FleetExec(transport, audit).run(new ExecRequest("test", List.of(host), command, 1, Duration.ofSeconds(30), 1024),
        new ExecListener() {});
  }
}
