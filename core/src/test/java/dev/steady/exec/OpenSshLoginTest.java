package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.LoginEstate;
import dev.steady.fleet.SshAgentProcess;
import dev.steady.fleet.SshKeys;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.inventory.SshOptions;
import dev.steady.login.KeyPassphrases;
import dev.steady.testing.FidoAgent;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in the way the team's ssh does, against real OpenSSH hosts and a non-root login user:
 * ssh-agent (OpenSSH's own, and one holding FIDO keys), IdentitiesOnly, encrypted keys, several
 * identity files, user certificates trusted through TrustedUserCAKeys.
 */
@Timeout(60)
class OpenSshLoginTest {

  @TempDir static Path estateDir;
  static LoginEstate estate;

  @TempDir Path dir;
  String home;
  final List<String> notes = new ArrayList<>();

  @BeforeAll
  static void startEstate() throws Exception {
    assumeTrue(LoginEstate.available(), "needs root, Linux, /usr/sbin/sshd and OpenSSH's client tools");
    estate = LoginEstate.start(estateDir);
  }

  @AfterAll
  static void stopEstate() {
    if (estate != null) {
      estate.close();
    }
  }

  @BeforeEach
  void emptyHome() throws Exception {
    home = System.getProperty("user.home");
    System.setProperty("user.home", Files.createDirectories(dir.resolve("home")).toString());
  }

  @AfterEach
  void restoreHome() {
    System.setProperty("user.home", home);
  }

  static Host host(String identityFile, SshOptions ssh) {
    var t = estate.host(LoginEstate.NOPASSWD_HOST);
    return new Host(t.name(), t.address(), t.port(), LoginEstate.USER, identityFile, List.of("fleet"), Map.of(), "staging", null,
        null, "test-inventory:2").withSsh(ssh);
  }

  /** Options as an ssh config gives them, each file set on its own line of {@code test_config}. */
  static SshOptions ssh(List<String> identityFiles, List<String> certificates, boolean identitiesOnly, String agent) {
    Map<String, String> lines = new java.util.LinkedHashMap<>();
    java.util.stream.Stream.concat(identityFiles.stream(), certificates.stream()).forEach(f -> lines.put(f, "test_config:" + (lines.size() + 1)));
    return new SshOptions(identityFiles, certificates, identitiesOnly, agent, null, null, List.of(), List.of(), List.of(), null,
        List.of(), lines);
  }

  TransportOptions options(String passphrase, Path agent) {
    return new TransportOptions(Duration.ofSeconds(10), passphrase, KeyPassphrases.NONE, agent == null ? null : agent.toString(),
        notes::add, null);
  }

  HostOutcome exec(TransportOptions options, Host host, String command) throws Exception {
    AuditLog audit = TestFleets.audit(dir);
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(estate.fleet().knownHosts()), options)) {
      return new FleetExec(transport, audit).run(new ExecRequest("test", List.of(host), command, 1, Duration.ofSeconds(30), 4096),
          new ExecListener() {}).outcomes().getFirst();
    }
  }

  static String stdout(HostOutcome outcome) {
    assertThat(outcome).as(outcome.identity().message()).isInstanceOf(HostOutcome.Ran.class);
    return ((HostOutcome.Ran) outcome).result().stdout().text();
  }

  Path authorizedKey(String name, String type) throws Exception {
    Path key = SshKeys.generate(dir.resolve(name), type, "");
    estate.fleet().authorize(Path.of(key + ".pub"));
    return key;
  }

  @Test
  void agentOnly_withNoIdentityFileAnywhere_logsInWithTheKeyTheAgentHolds() throws Exception {
    Path key = authorizedKey("agent_key", "ed25519");
    try (SshAgentProcess agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(key)) {
      Files.delete(key);

      assertThat(stdout(exec(options(null, agent.socket()), host(null, SshOptions.NONE), "id -un"))).isEqualTo("ops\n");
    }
  }

  @Test
  void anRsaKeyInTheAgent_signsWithSha2_whichOpenSsh9AcceptsWhereSha1IsOff() throws Exception {
    Path key = authorizedKey("agent_rsa", "rsa");
    try (SshAgentProcess agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(key)) {
      assertThat(stdout(exec(options(null, agent.socket()), host(null, SshOptions.NONE), "id -un"))).isEqualTo("ops\n");
    }
  }

  @Test
  void agentKeysAreOfferedBeforeKeyFiles_andIdentitiesOnlyLimitsThemToTheConfiguredFiles() throws Exception {
    Path file = authorizedKey("file_key", "ed25519");
    try (FidoAgent agent = FidoAgent.start(dir.resolve("fido.sock"))) {
      authorize(agent.authorizedKeys().getFirst());

      stdout(exec(options(null, agent.socket()), host(file.toString(), SshOptions.NONE), "true"));
      assertThat(agent.signatures()).as("the agent's key went first").isEqualTo(1);

      stdout(exec(options(null, agent.socket()), host(null, ssh(List.of(file.toString()), List.of(), true, null)), "true"));
      assertThat(agent.signatures()).as("IdentitiesOnly: the agent's other keys are not offered").isEqualTo(1);
    }
  }

  @Test
  void fidoKeysTheAgentHolds_skEd25519AndSkEcdsa_logIn_signedByTheAgent() throws Exception {
    try (FidoAgent agent = FidoAgent.start(dir.resolve("fido.sock"))) {
      authorize(agent.authorizedKeys().getFirst());
      stdout(exec(options(null, agent.socket()), host(null, SshOptions.NONE), "true"));
      assertThat(agent.signatures()).isEqualTo(1);

      // only the ecdsa-sk key, chosen by its public key file as IdentitiesOnly does with a key that lives in a token
      Path pub = Files.writeString(dir.resolve("id_ecdsa_sk.pub"), agent.authorizedKeys().get(1) + "\n");
      authorize(agent.authorizedKeys().get(1));
      String key = pub.toString().replace(".pub", "");
      stdout(exec(options(null, null), host(null, ssh(List.of(key), List.of(), true, agent.socket().toString())), "true"));
      assertThat(agent.signatures()).isEqualTo(2);
    }
  }

  @Test
  void identitiesOnly_withAnAgentKeyTheHostAccepts_butAConfiguredKeyItDoesNot_isRefused_sayingWhatWasOffered() throws Exception {
    Path accepted = authorizedKey("accepted", "ed25519");
    Path other = SshKeys.generate(dir.resolve("not_authorized"), "ed25519", "");
    try (SshAgentProcess agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(accepted)) {
      HostOutcome outcome = exec(options(null, agent.socket()), host(null, ssh(List.of(other.toString()), List.of(), true, null)), "true");

      assertThat(outcome).isInstanceOf(HostOutcome.Unreachable.class);
      assertThat(outcome.identity().message()).contains(": login as ops failed (").contains("; offered " + other + ")");
    }
  }

  @Test
  void encryptedKey_logsInWithItsPassphrase_aWrongOneIsBadInputBeforeAnyHostIsContacted() throws Exception {
    Path key = SshKeys.generate(dir.resolve("encrypted"), "ed25519", "correct horse");
    estate.fleet().authorize(Path.of(key + ".pub"));

    assertThat(stdout(exec(options("correct horse", null), host(key.toString(), SshOptions.NONE), "id -un"))).isEqualTo("ops\n");
    assertThatThrownBy(() -> exec(options("battery staple", null), host(key.toString(), SshOptions.NONE), "true"))
        .isInstanceOf(SteadyException.class).hasMessageStartingWith("the passphrase in STEADY_KEY_PASSPHRASE does not decrypt key " + key);
  }

  @Test
  void severalIdentityFiles_aMissingFirstIsSkippedWithANote_theNextLogsIn() throws Exception {
    Path key = authorizedKey("second", "ecdsa");
    Host h = host(null, ssh(List.of(dir + "/missing", dir + "/unauthorized", key.toString()), List.of(), false, null));
    SshKeys.generate(dir.resolve("unauthorized"), "ed25519", "");

    assertThat(stdout(exec(options(null, null), h, "id -un"))).isEqualTo("ops\n");
    assertThat(notes).containsExactly("identity file " + dir + "/missing (IdentityFile, ssh config test_config:1) does not exist; skipping it as ssh does");
  }

  @Test
  void userCertificateBesideAKeyTheHostDoesNotAuthorize_logsInThroughTrustedUserCaKeys_alsoFromTheAgent() throws Exception {
    Path key = SshKeys.generate(dir.resolve("certified"), "ed25519", "");
    Path cert = estate.certify(key, "-5m:+1h");

    assertThat(stdout(exec(options(null, null), host(key.toString(), SshOptions.NONE), "id -un"))).isEqualTo("ops\n");
    try (SshAgentProcess agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(key)) {
      assertThat(stdout(exec(options(null, agent.socket()), host(null, SshOptions.NONE), "id -un"))).as("ssh-add loaded the certificate too")
          .isEqualTo("ops\n");
    }
    Files.move(cert, dir.resolve("elsewhere-cert.pub"));
    assertThat(exec(options(null, null), host(key.toString(), SshOptions.NONE), "true")).as("the key alone is not authorized")
        .isInstanceOf(HostOutcome.Unreachable.class);
    Host withCertificateFile = host(key.toString(), ssh(List.of(), List.of(dir + "/elsewhere-cert.pub"), false, null));
    assertThat(stdout(exec(options(null, null), withCertificateFile, "id -un"))).as("CertificateFile").isEqualTo("ops\n");
  }

  @Test
  void anExpiredCertificate_isNotOffered_andTheRefusedLoginSaysWhenItExpired() throws Exception {
    Path key = SshKeys.generate(dir.resolve("expired"), "ed25519", "");
    Path cert = estate.certify(key, "20200101:20200102");

    HostOutcome outcome = exec(options(null, null), host(key.toString(), SshOptions.NONE), "true");

    assertThat(outcome).isInstanceOf(HostOutcome.Unreachable.class);
    assertThat(outcome.identity().message()).contains("login as ops failed").contains("offered " + key + ";")
        .contains("certificate " + cert + " (beside " + key + ") expired at 2020-01-0");
    assertThat(notes).singleElement().asString().contains("expired at 2020-01-0");
  }

  private static void authorize(String line) throws Exception {
    Files.writeString(estate.fleet().authorizedKeys(), line + "\n", java.nio.file.StandardOpenOption.APPEND);
  }
}
