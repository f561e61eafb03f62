package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.LoginEstate;
import dev.steady.fleet.OpenSshHost;
import dev.steady.fleet.SshAgentProcess;
import dev.steady.fleet.SshKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Using the engineer's existing ssh setup from the command line, against real OpenSSH hosts where
 * one logs in as {@code ops}: ssh-agent, encrypted keys (environment and terminal), several
 * IdentityFile, certificates, and become with sudo for exec, cleanup apply and restart; the exact
 * lines and exit statuses a user sees.
 */
@Timeout(180)
class AuthCliTest {

  @TempDir static Path estateDir;
  static LoginEstate estate;

  @TempDir Path work;
  Path config;
  Path key;

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
  void setUp() throws Exception {
    config = Files.writeString(work.resolve("ssh_config"), "");
    key = estate.fleet().clientKey();
  }

  /** A steady inventory of the estate's hosts as ops ({@code identity} in defaults unless null); the first host is on line 3. */
  Path inventory(String identity, String... hosts) throws Exception {
    StringBuilder b = new StringBuilder("defaults: {user: ops, env: staging" + (identity == null ? "" : ", identity_file: " + identity)
        + "}\nhosts:\n");
    for (String name : hosts) {
      b.append("  ").append(name).append(": {address: 127.0.0.1, port: ").append(estate.host(name).port()).append("}\n");
    }
    return Files.writeString(work.resolve("inventory.yaml"), b);
  }

  List<String> args(Path inventory, String... more) {
    List<String> all = new ArrayList<>(List.of("--inventory", inventory.toString(), "--known-hosts", estate.fleet().knownHosts().toString(),
        "--ssh-config", config.toString(), "--store", work.resolve("steady.db").toString(), "--no-color"));
    all.addAll(List.of(more));
    return all;
  }

  /** What steady itself printed on stderr: the JVM's own warnings of a separate process left out. */
  static String said(SteadyProcess.Result r) {
    return r.err().lines().filter(l -> !l.startsWith("WARNING:") && !l.isBlank()).map(l -> l + "\n").reduce("", String::concat);
  }

  Cli.Result steady(Path inventory, String... more) {
    return Cli.run(args(inventory, more).toArray(String[]::new));
  }

  /** steady in its own JVM with {@code env} (SSH_AUTH_SOCK and the secrets cleared unless given there). */
  SteadyProcess.Result steadyWith(Map<String, String> env, Path inventory, String... more) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("SSH_AUTH_SOCK", "", "STEADY_KEY_PASSPHRASE", "", "STEADY_BECOME_PASSWORD", ""));
    all.putAll(env);
    return SteadyProcess.start(work, "steady-" + System.nanoTime(), "alice", all, args(inventory, more)).finish();
  }

  @Test
  void encryptedKey_withSteadyKeyPassphrase_logsIn_aWrongOneOrNoneWithoutTerminal_isExit2NamingTheFile() throws Exception {
    Path encrypted = SshKeys.generate(work.resolve("id_encrypted"), "ed25519", "correct horse");
    estate.fleet().authorize(Path.of(encrypted + ".pub"));
    Path inventory = inventory(encrypted.toString(), LoginEstate.NOPASSWD_HOST);

    SteadyProcess.Result right = steadyWith(Map.of("STEADY_KEY_PASSPHRASE", "correct horse"), inventory, "exec", "all", "--", "id", "-un");
    SteadyProcess.Result wrong = steadyWith(Map.of("STEADY_KEY_PASSPHRASE", "battery staple"), inventory, "exec", "all", "--", "true");
    Cli.Result none = steady(inventory, "exec", "all", "--", "true");

    assertThat(right.status()).as(right.toString()).isZero();
    assertThat(right.out()).contains("\nops\n");
    assertThat(wrong.status()).isEqualTo(2);
    assertThat(said(wrong)).isEqualTo("steady: the passphrase in STEADY_KEY_PASSPHRASE does not decrypt key " + encrypted
        + " (identity_file of nopass-01, inventory.yaml:3); nothing was run; set the right one, or unset it to be asked on the terminal\n");
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("steady: key " + encrypted + " (identity_file of nopass-01, inventory.yaml:3) is encrypted and there"
        + " is no terminal to ask its passphrase on; set STEADY_KEY_PASSPHRASE, or load the key into ssh-agent with `ssh-add "
        + encrypted + "`\n");
  }

  @Test
  void encryptedKey_onATerminal_itsPassphraseIsAskedOnce_withoutEcho_forEveryHostUsingIt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a terminal");
    Path encrypted = SshKeys.generate(work.resolve("id_typed"), "ecdsa", "typed secret");
    estate.fleet().authorize(Path.of(encrypted + ".pub"));
    Path inventory = inventory(encrypted.toString(), LoginEstate.NOPASSWD_HOST, LoginEstate.PASSWORD_HOST);

    Pty session = Pty.start(work, args(inventory, "exec", "all", "--", "id", "-un"));
    session.awaitOutput("Enter passphrase for key '" + encrypted + "': ");
    session.type("typed secret\n");
    String out = session.finish();

    assertThat(session.status()).as(out).isZero();
    assertThat(out.split("Enter passphrase for key", -1)).as(out).hasSize(2);
    assertThat(out).doesNotContain("typed secret").contains("2 hosts: 2 ok");
  }

  @Test
  void agentOnly_withSshAuthSock_andNoIdentityFileInTheInventory_logsIn() throws Exception {
    Path agentKey = SshKeys.generate(work.resolve("agent_only"), "ed25519", "");
    estate.fleet().authorize(Path.of(agentKey + ".pub"));
    Path home = Files.createDirectories(work.resolve("home"));
    try (SshAgentProcess agent = SshAgentProcess.start(work.resolve("agent.sock")).add(agentKey)) {
      Files.delete(agentKey);

      SteadyProcess.Result r = steadyWith(Map.of("SSH_AUTH_SOCK", agent.socket().toString(), "HOME", home.toString()),
          inventory(null, LoginEstate.NOPASSWD_HOST), "exec", "all", "--", "id", "-un");

      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.out()).contains("\nops\n");
    }
  }

  @Test
  void severalIdentityFiles_aMissingFirstIsSkippedWithAWarningNamingItsLine_allMissingIsExit2NamingThem() throws Exception {
    Path inventory = inventory(null, LoginEstate.NOPASSWD_HOST);
    Files.writeString(config, "Host nopass-01\n  IdentityFile " + work + "/missing\n  IdentityFile " + key + "\n");

    Cli.Result r = steady(inventory, "exec", "all", "--", "id", "-un");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("steady: warning: identity file " + work + "/missing (IdentityFile, ssh config ssh_config:2) does not"
        + " exist; skipping it as ssh does\n");

    Files.writeString(config, "Host nopass-01\n  IdentityFile " + work + "/a\n  IdentityFile " + work + "/b\n");
    Cli.Result missing = steady(inventory, "exec", "all", "--", "touch", "/srv/app/should-not-exist");

    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("steady: none of the identity files of host nopass-01 (inventory.yaml:3) exists: " + work
        + "/a (IdentityFile, ssh config ssh_config:2), " + work + "/b (IdentityFile, ssh config ssh_config:3); fix the paths\n");
  }

  @Test
  void userCertificate_byCertificateFile_logsIn_anExpiredOneIsRefused_sayingWhenItExpired() throws Exception {
    Path certified = SshKeys.generate(work.resolve("certified"), "ed25519", "");
    Path cert = Files.move(estate.certify(certified, "-5m:+1h"), work.resolve("valid-cert.pub"));
    Path inventory = inventory(null, LoginEstate.NOPASSWD_HOST);
    Files.writeString(config, "Host nopass-01\n  IdentityFile " + certified + "\n  CertificateFile " + cert + "\n");

    Cli.Result ok = steady(inventory, "exec", "all", "--", "id", "-un");

    assertThat(ok.status()).as(ok.toString()).isZero();
    Path expired = Files.move(estate.certify(certified, "20200101:20200102"), work.resolve("expired-cert.pub"));
    Files.writeString(config, "Host nopass-01\n  IdentityFile " + certified + "\n  CertificateFile " + expired + "\n");
    Cli.Result refused = steady(inventory, "exec", "all", "--", "true");

    assertThat(refused.status()).isEqualTo(4);
    assertThat(refused.err()).startsWith("steady: warning: certificate " + expired + " (CertificateFile, ssh config ssh_config:3) expired at"
        + " 2020-01-0").contains("; steady does not offer it: get a new one from your certificate authority\n");
    assertThat(refused.out()).contains("login as ops failed (").contains("; offered " + certified + "; certificate " + expired);
  }

  @Test
  void cleanupApply_withBecome_onTheSudoHost_deletesRootOwnedFiles_withoutBecomeNothingIsDeleted() throws Exception {
    assumeTrue(LoginEstate.sudoInstalled(), "needs sudo");
    Path inventory = inventory(key.toString(), LoginEstate.NOPASSWD_HOST);
    Path logs = oldRootOwnedLogs(estate.host(LoginEstate.NOPASSWD_HOST), "nopasswd");
    String path = "/srv/app/" + logs.getFileName();

    Plan unescalated = plan(inventory, path);
    Cli.Result denied = steady(inventory, "apply", unescalated.id, "--confirm", unescalated.token);

    assertThat(denied.status()).as(denied.toString()).isEqualTo(4);
    assertThat(denied.out()).contains("3 failed to delete:").contains("Permission denied");
    assertThat(Files.list(logs).count()).isEqualTo(4);

    Plan plan = plan(inventory, path);
    Cli.Result applied = steady(inventory, "apply", plan.id, "--confirm", plan.token, "--become");

    assertThat(applied.status()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("ALL DONE: deleted 3 files");
    assertThat(Files.list(logs).count()).isOne();
  }

  @Test
  void cleanupApply_withBecome_onThePasswordHost_aMissingOrWrongPasswordRefuses_nothingDeleted_theRightOneDeletes() throws Exception {
    assumeTrue(LoginEstate.sudoInstalled(), "needs sudo");
    Path inventory = inventory(key.toString(), LoginEstate.PASSWORD_HOST);
    Path logs = oldRootOwnedLogs(estate.host(LoginEstate.PASSWORD_HOST), "password");
    Plan plan = plan(inventory, "/srv/app/" + logs.getFileName());

    Cli.Result missing = steady(inventory, "apply", plan.id, "--confirm", plan.token, "--become");
    SteadyProcess.Result wrong = steadyWith(Map.of("STEADY_BECOME_PASSWORD", "not it"), inventory, "apply", plan.id, "--confirm",
        plan.token, "--become", "--resume");

    assertThat(missing.status()).as(missing.toString()).isEqualTo(4);
    assertThat(missing.out()).contains("refused: sudo on pass-01 asks ops for a password to act as root and none was given; pass"
        + " --ask-become-pass or set STEADY_BECOME_PASSWORD (or give ops a NOPASSWD sudo rule); become set by --become; nothing ran there");
    assertThat(wrong.status()).as(wrong.toString()).isEqualTo(4);
    assertThat(wrong.out()).contains("refused: sudo on pass-01 did not accept the become password of ops to act as root (sudo: ");
    assertThat(wrong.out() + wrong.err()).doesNotContain("not it");
    assertThat(Files.list(logs).count()).as("nothing deleted").isEqualTo(4);

    SteadyProcess.Result right = steadyWith(Map.of("STEADY_BECOME_PASSWORD", LoginEstate.PASSWORD), inventory, "apply", plan.id,
        "--confirm", plan.token, "--become", "--resume");

    assertThat(right.status()).as(right.toString()).isZero();
    assertThat(Files.list(logs).count()).isOne();
    Cli.Result audit = steady(inventory, "--json", "audit", "log", "-n", "200");
    assertThat(audit.out()).contains("\"acts_as\":\"root via sudo (password)\"").doesNotContain(LoginEstate.PASSWORD);
  }

  @Test
  void restart_withBecome_onThePasswordHost_startsAsRoot_allClear_withoutThePasswordTheRowIsRefused() throws Exception {
    assumeTrue(LoginEstate.sudoInstalled(), "needs sudo");
    Path inventory = inventory(key.toString(), LoginEstate.PASSWORD_HOST);
    Path marker = estate.host(LoginEstate.PASSWORD_HOST).root().resolve("started-by-root");
    Files.deleteIfExists(marker);
    String[] restart = {"restart", "all", "--become", "--start", "touch /srv/app/started-by-$(id -un)", "--verify",
        "cmd:test -O /srv/app/started-by-root", "--verify-timeout", "10s", "--interval", "1s"};

    Cli.Result refused = steady(inventory, restart);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.out() + refused.err()).contains("REFUSED").contains("asks ops for a password to act as root and none was given");
    assertThat(marker).doesNotExist();

    SteadyProcess.Result r = steadyWith(Map.of("STEADY_BECOME_PASSWORD", LoginEstate.PASSWORD), inventory, restart);

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out() + r.err()).contains("ALL-CLEAR");
    assertThat(marker).exists();
  }

  @Test
  void askBecomePass_withoutATerminal_isExit2_sayingToUseTheEnvironmentInstead() throws Exception {
    Cli.Result r = steady(inventory(key.toString(), LoginEstate.PASSWORD_HOST), "exec", "all", "--become", "--ask-become-pass", "--", "true");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("steady: --ask-become-pass needs a terminal to type the password on; without one, set"
        + " STEADY_BECOME_PASSWORD (never put a password on the command line)\n");
  }

  @Test
  void exec_becomeUser_onTheSudoHost_runsAsThatUser_andABecomeMethodOtherThanSudoIsRefused() throws Exception {
    assumeTrue(LoginEstate.sudoInstalled(), "needs sudo");
    Cli.Result r = steady(inventory(key.toString(), LoginEstate.NOPASSWD_HOST), "exec", "all", "--become-user", "nobody", "--", "id", "-un");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\nnobody\n");

    Path ini = Files.writeString(work.resolve("hosts.ini"), "nopass-01 ansible_host=127.0.0.1 ansible_port="
        + estate.host(LoginEstate.NOPASSWD_HOST).port() + " ansible_user=ops ansible_ssh_private_key_file=" + key
        + " ansible_become=true ansible_become_method=su env=staging\n");
    Cli.Result su = steady(ini, "exec", "all", "--", "touch", "/srv/app/ran-unescalated");

    assertThat(su.status()).isEqualTo(4);
    assertThat(su.out()).contains("refused: nopass-01: become method 'su' (hosts.ini:1) is not supported: steady acts as another user"
        + " only through sudo, and never acts unescalated on a host meant to escalate; nothing was dialled");
    assertThat(estate.host(LoginEstate.NOPASSWD_HOST).root().resolve("ran-unescalated")).doesNotExist();
  }

  @Test
  void help_ofTheCommandsThatAct_teachesBecome() {
    for (String command : List.of("exec", "restart", "run", "apply", "resume")) {
      Cli.Result help = Cli.run(command, "--help");
      assertThat(help.out()).as(command).contains("--become").contains("--become-user=USER").contains("--ask-become-pass")
          .contains("sudo -n -u USER -- /bin/sh -c CMD");
    }
    assertThat(Cli.run("cleanup", "plan", "--help").out()).contains("--become");
  }

  record Plan(String id, String token) {}

  Plan plan(Path inventory, String path) throws Exception {
    Cli.Result r = steady(inventory, "--json", "cleanup", "plan", "all", "--path", path, "--older-than", "1d");
    assertThat(r.status()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("count").asLong()).isEqualTo(3);
    return new Plan(json.get("id").asText(), json.get("confirm_token").asText());
  }

  /** Three month-old files and today's, owned by root in a directory only root may write, on {@code host}. */
  static Path oldRootOwnedLogs(OpenSshHost host, String name) throws Exception {
    Path logs = Files.createDirectories(host.root().resolve("logs-" + name + "-" + System.nanoTime()));
    Files.writeString(logs.resolve("today.log"), "kept");
    for (int i = 0; i < 3; i++) {
      Path file = Files.writeString(logs.resolve("old-" + i + ".log"), "x".repeat(1000));
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
    Files.setPosixFilePermissions(logs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return logs;
  }

  /** steady on a pseudo-terminal of its own ({@code script}), as a person at a terminal runs it. */
  static final class Pty {
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private Pty(Process process) {
      this.process = process;
      this.reader = Thread.startVirtualThread(() -> {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            synchronized (output) {
              output.write(buffer, 0, n);
            }
          }
        } catch (java.io.IOException e) {
          // the terminal closed
        }
      });
    }

    static Pty start(Path dir, List<String> args) throws Exception {
      List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), Main.class.getName()));
      command.addAll(args);
      String line = String.join(" ", command.stream().map(dev.steady.transport.Shell::quote).toList());
      ProcessBuilder b = new ProcessBuilder("script", "-q", "-e", "-c", line, "/dev/null").directory(dir.toFile()).redirectErrorStream(true);
      b.environment().put("SSH_AUTH_SOCK", "");
      b.environment().put("STEADY_KEY_PASSPHRASE", "");
      return new Pty(b.start());
    }

    void awaitOutput(String text) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!text().contains(text)) {
        assertThat(System.nanoTime()).as("waiting for '" + text + "' in: " + text()).isLessThan(deadline);
        Thread.sleep(50);
      }
    }

    void type(String keys) throws Exception {
      OutputStream in = process.getOutputStream();
      in.write(keys.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    String finish() throws Exception {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(text()).isTrue();
      reader.join(5000);
      return text();
    }

    int status() {
      return process.exitValue();
    }

    private String text() {
      synchronized (output) {
        return output.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
