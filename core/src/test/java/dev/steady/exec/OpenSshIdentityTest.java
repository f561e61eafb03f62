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

  private static ExecReport exec(FleetTransport transport, AuditLog audit, Host host, String command) {
    return new FleetExec(transport, audit).run(new ExecRequest("test", List.of(host), command, 1, Duration.ofSeconds(30), 1024),
        new ExecListener() {});
  }
}
