package dev.steady.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.fleet.LoginEstate;
import dev.steady.identity.Identity;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Become;
import dev.steady.inventory.Host;
import dev.steady.login.KeyPassphrases;
import dev.steady.store.Stores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privilege escalation in one place, against real OpenSSH hosts where the engineer logs in as
 * {@code ops}: the gate proves the host as ops, then asks sudo; a host where sudo says no, or asks a
 * password that was not given or is wrong, is refused with nothing run; every command of a verified
 * connection runs through sudo, the password (if any) reaching sudo on stdin and never the command.
 */
@Timeout(60)
class OpenSshBecomeTest {

  @TempDir static Path estateDir;
  static LoginEstate estate;

  @TempDir Path dir;

  @BeforeAll
  static void startEstate() throws Exception {
    assumeTrue(LoginEstate.available() && LoginEstate.sudoInstalled(), "needs root, Linux, sshd, OpenSSH's client tools and sudo");
    estate = LoginEstate.start(estateDir);
  }

  @AfterAll
  static void stopEstate() {
    if (estate != null) {
      estate.close();
    }
  }

  static Host host(String name, Become become) {
    var t = estate.host(name);
    return new Host(t.name(), t.address(), t.port(), LoginEstate.USER, estate.fleet().clientKey().toString(), List.of("fleet"),
        Map.of(), "staging", null, null, "test-inventory:3").withBecome(become);
  }

  static Become root() {
    return new Become("root", "sudo", "inventory.yaml:3");
  }

  Reached open(Host host, String password, AuditLog audit) {
    SudoPassword sudo = password == null ? null : SudoPassword.of(password.toCharArray(), "the test");
    FleetTransport transport = new FleetTransport(KnownHosts.load(estate.fleet().knownHosts()),
        new TransportOptions(Duration.ofSeconds(10), null, KeyPassphrases.NONE, null, null, sudo));
    return new IdentityGate(transport).open(host, audit, "x-test");
  }

  AuditLog audit() {
    return new AuditLog(Stores.open(dir.resolve("steady.db").toString()), "tester@test");
  }

  static String run(VerifiedConnection c, String command) throws Exception {
    CommandResult r = c.run(command, Duration.ofSeconds(30), 64 * 1024);
    assertThat(r.exitStatus()).as(r.stderr().text()).isZero();
    return r.stdout().text();
  }

  @Test
  void onANoPasswordSudoHost_commandsRunAsRoot_theAuditSaysSo_theIdentityProofRanAsTheLoginUser() throws Exception {
    AuditLog audit = audit();
    Reached reached = open(host(LoginEstate.NOPASSWD_HOST, root()), null, audit);

    assertThat(reached).isInstanceOf(Reached.Verified.class);
    try (VerifiedConnection c = ((Reached.Verified) reached).connection()) {
      assertThat(run(c, "id -un; echo \"$SUDO_USER\"")).isEqualTo("root\nops\n");
      assertThat(c.actsAs()).isEqualTo("root via sudo");
    }
    AuditEntry identity = audit.tail(10, "x-test").stream().filter(e -> e.action().equals("identity")).findFirst().orElseThrow();
    assertThat(identity.dataJson()).contains("\"acts_as\":\"root via sudo\"").contains("\"identity\":\"ok\"");
  }

  @Test
  void becomeUser_actsAsThatUser() throws Exception {
    Reached reached = open(host(LoginEstate.NOPASSWD_HOST, new Become("nobody", "sudo", "--become-user")), null, audit());

    try (VerifiedConnection c = ((Reached.Verified) reached).connection()) {
      assertThat(run(c, "id -un")).isEqualTo("nobody\n");
    }
  }

  @Test
  void whereSudoIsNotAllowed_theHostIsRefusedAfterItsIdentityWasProven_andNothingRuns() {
    Reached reached = open(host(LoginEstate.NO_SUDO_HOST, root()), LoginEstate.PASSWORD, audit());

    assertThat(reached).isInstanceOf(Reached.Refused.class);
    assertThat(reached.identity()).isInstanceOf(Identity.BecomeRefused.class);
    assertThat(reached.identity().message()).startsWith("refused: ops may not act as root through sudo on nosudo-01 (")
        .endsWith("); become set by inventory.yaml:3; nothing ran there");
  }

  @Test
  void onAPasswordHost_withoutAPassword_isRefused_sayingHowToGiveOne_andNothingRuns() {
    Reached reached = open(host(LoginEstate.PASSWORD_HOST, root()), null, audit());

    assertThat(reached).isInstanceOf(Reached.Refused.class);
    assertThat(reached.identity().message()).isEqualTo("refused: sudo on pass-01 asks ops for a password to act as root and none was"
        + " given; pass --ask-become-pass or set STEADY_BECOME_PASSWORD (or give ops a NOPASSWD sudo rule); become set by"
        + " inventory.yaml:3; nothing ran there");
  }

  @Test
  void onAPasswordHost_aWrongPasswordIsRefused() {
    Reached reached = open(host(LoginEstate.PASSWORD_HOST, root()), "not-the-password", audit());

    assertThat(reached).isInstanceOf(Reached.Refused.class);
    assertThat(reached.identity().message()).startsWith("refused: sudo on pass-01 did not accept the become password of ops to act"
        + " as root (sudo: ").endsWith("); check the password and run again; become set by inventory.yaml:3; nothing ran there");
  }

  @Test
  void onAPasswordHost_withThePassword_commandsRunAsRoot_thePasswordNeverReachesTheCommandNorTheAudit() throws Exception {
    AuditLog audit = audit();
    Reached reached = open(host(LoginEstate.PASSWORD_HOST, root()), LoginEstate.PASSWORD, audit);

    try (VerifiedConnection c = ((Reached.Verified) reached).connection()) {
      assertThat(c.actsAs()).isEqualTo("root via sudo (password)");
      assertThat(run(c, "id -un; cat")).as("sudo read the password line; the command's stdin is empty").isEqualTo("root\n");
    }
    assertThat(audit.tail(100, null)).extracting(AuditEntry::dataJson).noneMatch(json -> json.contains(LoginEstate.PASSWORD));
  }

  @Test
  void theCommandsOwnStdin_reachesItWhole_afterThePassword_binaryAndLarge() throws Exception {
    byte[] input = new byte[300_000];
    new Random(11).nextBytes(input);
    for (String name : List.of(LoginEstate.PASSWORD_HOST, LoginEstate.NOPASSWD_HOST)) {
      try (VerifiedConnection c = ((Reached.Verified) open(host(name, root()), LoginEstate.PASSWORD, audit())).connection()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult r = c.stream("cat", new ByteArrayInputStream(input), out, Duration.ofSeconds(30), 4096);

        assertThat(r.exitStatus()).as(name + ": " + r.stderr().text()).isZero();
        assertThat(out.toByteArray()).as(name).isEqualTo(input);
      }
    }
  }

  @Test
  void aBecomeMethodOtherThanSudo_isRefusedBeforeAnythingIsDialled() {
    Host su = new Host("app-09", "127.0.0.1", 1, "ops", null, List.of(), Map.of(), "staging", null, null, "hosts.ini:4")
        .withBecome(new Become("root", "su", "hosts.ini:9"));

    Reached reached = open(su, null, audit());

    assertThat(reached).isInstanceOf(Reached.Refused.class);
    assertThat(reached.identity().message()).isEqualTo("refused: app-09: become method 'su' (hosts.ini:9) is not supported: steady"
        + " acts as another user only through sudo, and never acts unescalated on a host meant to escalate; nothing was dialled;"
        + " use sudo, or turn become off for app-09");
  }
}
