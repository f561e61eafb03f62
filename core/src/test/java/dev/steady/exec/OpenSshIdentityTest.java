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

  /** Runs a command, failing the test on a non-zero exit. */
  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }

  /** A host key for {@code host} made before its sshd starts, signed by {@code ca} as a host certificate. */
  static void certifiedHostKey(Path fleetDir, String host, Path ca, String principals, String validity) throws Exception {
    Path key = Files.createDirectories(fleetDir.resolve(host)).resolve("ssh_host_ed25519_key");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@" + host, "-f", key.toString());
    run("ssh-keygen", "-q", "-s", ca.toString(), "-I", host, "-h", "-n", principals, "-V", validity, key + ".pub");
  }

  @Test
  void hostCertificates_trustedByCertAuthorityLines_checkedForPrincipalValidityAndRevocation_andPinnedAsTheirKey() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs root, Linux and /usr/sbin/sshd");
    Path ca = dir.resolve("host_ca");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "host-ca", "-f", ca.toString());
    Path fleetDir = dir.resolve("certs");
    certifiedHostKey(fleetDir, "app-01", ca, "127.0.0.1,app-01", "-1d:+1d");
    certifiedHostKey(fleetDir, "app-02", ca, "127.0.0.1,app-02", "-3d:-1d");
    try (OpenSshFleet fleet = OpenSshFleet.start(fleetDir, List.of("app-01", "app-02"), "/srv/app",
        new dev.steady.fleet.OpenSshSetup(false, List.of("HostCertificate %h/ssh_host_ed25519_key-cert.pub")))) {
      AuditLog audit = TestFleets.audit(dir);
      Host app01 = TestFleets.host(fleet.host("app-01"), fleet.clientKey(), "production");
      Host app02 = TestFleets.host(fleet.host("app-02"), fleet.clientKey(), "production");
      String caLine = "@cert-authority [127.0.0.1]:* " + Files.readString(Path.of(ca + ".pub")).strip();
      Path trusting = Files.writeString(dir.resolve("trusting"), caLine + "\n");

      Identity valid = exec(trusting, audit, app01).outcomes().getFirst().identity();
      Identity expired = exec(trusting, audit, app02).outcomes().getFirst().identity();
      Host aliased = app01.withSsh(new dev.steady.inventory.SshOptions(List.of(), List.of(), false, null, null, "app-01.example",
          List.of(), List.of(), List.of(), null, List.of()));
      Identity wrongPrincipal = exec(trusting, audit, aliased).outcomes().getFirst().identity();
      Path revoking = Files.writeString(dir.resolve("revoking"), caLine + "\n@revoked * " + Files.readString(Path.of(ca + ".pub")).strip() + "\n");
      Identity revoked = exec(revoking, audit, app01).outcomes().getFirst().identity();

      String plainKey = Files.readString(fleetDir.resolve("app-01/ssh_host_ed25519_key.pub")).strip();
      plainKey = plainKey.substring(0, plainKey.lastIndexOf(' '));
      assertThat(valid).as(valid.message()).isInstanceOf(Identity.Verified.class);
      assertThat(valid.fingerprint()).as("the certified key's fingerprint").isEqualTo(KnownHosts.fingerprint(
          org.apache.sshd.common.config.keys.AuthorizedKeyEntry.parseAuthorizedKeyEntry(plainKey)
              .resolvePublicKey(null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.IGNORING)));
      assertThat(expired).isInstanceOf(Identity.UnknownKey.class);
      assertThat(expired.message()).contains("presented no valid host certificate");
      assertThat(wrongPrincipal).isInstanceOf(Identity.UnknownKey.class);
      assertThat(wrongPrincipal.message()).contains("not naming app-01.example among its principals");
      assertThat(revoked).isInstanceOf(Identity.RevokedKey.class);

      Path pins = dir.resolve("pinned_by_steady");
      try (FleetTransport transport = new FleetTransport(KnownHosts.followed(pins), new TransportOptions(Duration.ofSeconds(10), null))) {
        FleetPin pin = new FleetPin(transport, audit);
        List<FleetPin.Probed> probed = pin.probe(List.of(app01), KnownHosts.load(pins), 1);
        pin.pin(KnownHosts.load(pins), probed, false, FleetPin.token(FleetPin.toPin(probed, false)));
      }
      assertThat(Files.readString(pins)).as("the key, never the certificate blob").contains(plainKey).doesNotContain("cert-v01");
      OpenSshHost host = fleet.host("app-01");
      run("ssh", "-i", fleet.clientKey().toString(), "-o", "UserKnownHostsFile=" + pins, "-o", "GlobalKnownHostsFile=/dev/null",
          "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", String.valueOf(host.port()), "root@127.0.0.1", "true");
    }
  }

  private static ExecReport exec(Path pins, AuditLog audit, Host host) {
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(pins), new TransportOptions(Duration.ofSeconds(10), null))) {
      return exec(transport, audit, host, "true");
    }
  }

  private static ExecReport exec(FleetTransport transport, AuditLog audit, Host host, String command) {
    return new FleetExec(transport, audit).run(new ExecRequest("test", List.of(host), command, 1, Duration.ofSeconds(30), 1024),
        new ExecListener() {});
  }
}
