package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.LoginEstate;
import dev.steady.fleet.LoginUser;
import dev.steady.fleet.OpenSshFleet;
import dev.steady.fleet.OpenSshHost;
import dev.steady.fleet.OpenSshSetup;
import dev.steady.fleet.SshAgentProcess;
import dev.steady.fleet.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's proof: one estate that looks like a real one, driven as an engineer drives steady from
 * her laptop (a JVM of its own, her HOME, her ssh-agent, her files, nothing else). Five real OpenSSH
 * daemons with stock ed25519, ECDSA and RSA host keys: {@code bastion}, reached by its ssh config alias;
 * {@code inner}, behind it ({@code ProxyJump bastion}); and three application hosts behind {@code inner}
 * ({@code -J inner} in group_vars), named by FQDN ({@code app-01.prod.example}) while {@code hostname}
 * answers {@code app-01}. One logs in as {@code ops}: with a key that lives only in ssh-agent on the
 * hops, app-01 and app-02; with an encrypted deploy key whose user certificate (signed by the user CA
 * every sshd trusts) lies beside it on app-03, which no authorized_keys lists. app-03 presents a host
 * certificate trusted through an {@code @cert-authority} line; the others each have one key type
 * pinned. sudo: NOPASSWD on app-01 and app-03, ops's password on app-02 (where host_vars make
 * steady act as the application user {@code appsvc}).
 */
@Timeout(120)
class EstateCliTest {

  static final String DOMAIN = ".prod.example";
  static final String SUDO_PASSWORD = "ops-sudo-secret";
  static final String PASSPHRASE = "deploy key passphrase";
  static final String NOPASSWD = "ops ALL=(ALL:ALL) NOPASSWD: ALL";

  @TempDir static Path dir;
  static OpenSshFleet fleet;
  static SshAgentProcess agent;
  /** ana's HOME: .ssh/config, .ssh/known_hosts, .ssh/id_deploy (encrypted) and its -cert.pub, and inventory/prod/. */
  static Path home;
  static Path deployKey;
  static Path hostCa;

  @BeforeAll
  static void buildEstate() throws Exception {
    assumeTrue(LoginEstate.available(), "needs Linux, root, /usr/sbin/sshd, unshare and OpenSSH's ssh-keygen, ssh-agent, ssh-add");
    assumeTrue(LoginEstate.sudoInstalled(), "needs sudo, so the hosts' sudoers mean something");
    Path fleetDir = dir.resolve("fleet");
    hostCa = SshKeys.generate(dir.resolve("ca/host_ca"), "ed25519", "");
    Path userCa = SshKeys.generate(dir.resolve("ca/user_ca"), "ed25519", "");
    certifiedHostKey(fleetDir.resolve("app-03"), "app-03" + DOMAIN + ",127.0.0.1");

    home = Files.createDirectories(dir.resolve("home/ana"));
    Path laptopKey = SshKeys.generate(dir.resolve("laptop/id_ed25519"), "ed25519", "");
    deployKey = SshKeys.generate(home.resolve(".ssh/id_deploy"), "ed25519", PASSPHRASE);
    SshKeys.certify(userCa, deployKey, "ops", "-5m:+1h");
    String laptop = Files.readString(Path.of(laptopKey + ".pub"));
    for (String host : List.of("bastion", "inner", "app-01", "app-02")) {
      authorizedKeys(fleetDir, host, laptop);
    }
    authorizedKeys(fleetDir, "app-03", "");

    OpenSshSetup setup = new OpenSshSetup(true, List.of("TrustedUserCAKeys " + userCa + ".pub",
        "HostCertificate %h/ssh_host_ed25519_key-cert.pub", "Match all", "  AuthorizedKeysFile %h/authorized_keys"))
        .withUser(new LoginUser("ops", 20001, SUDO_PASSWORD))
        .withUser(new LoginUser("appsvc", 20002, null))
        .withSudoers("app-01", NOPASSWD)
        .withSudoers("app-02", "ops ALL=(ALL:ALL) ALL")
        .withSudoers("app-03", NOPASSWD);
    fleet = OpenSshFleet.start(fleetDir, List.of("bastion", "inner", "app-01", "app-02", "app-03"), "/srv/app", setup);
    agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(laptopKey);
    Files.delete(laptopKey);
    Files.delete(Path.of(laptopKey + ".pub"));
    Path appsvcDir = Files.createDirectories(host("app-02").root().resolve("appsvc"));
    Files.setAttribute(appsvcDir, "unix:uid", 20002);

    writeSshFiles();
    writeInventory(home.resolve("inventory/prod"), true);
  }

  @AfterAll
  static void stopEstate() {
    if (agent != null) {
      agent.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  /** ana's ~/.ssh/config (the way in: bastion, then inner) and ~/.ssh/known_hosts (one key type pinned per host, a CA for the rest). */
  static void writeSshFiles() throws Exception {
    Files.writeString(home.resolve(".ssh/config"), """
        # the way into production: bastion, then inner
        Host bastion
          HostName 127.0.0.1
          Port %d
          User ops

        Host inner
          HostName 127.0.0.1
          Port %d
          User ops
          ProxyJump bastion
        """.formatted(host("bastion").port(), host("inner").port()));
    Files.writeString(home.resolve(".ssh/known_hosts"), String.join("\n",
        pin("bastion", "rsa"),
        pin("inner", "ecdsa"),
        pin("app-01" + DOMAIN, "ed25519"),
        pin("app-02" + DOMAIN, "ecdsa"),
        "@cert-authority *" + DOMAIN + ",[*" + DOMAIN + "]:* " + publicKey(Path.of(hostCa + ".pub")),
        ""));
  }

  /** The Ansible inventory directory: hosts.ini, group_vars/all.yml and host_vars for app-02 and app-03. */
  static Path writeInventory(Path inventory, boolean expectShortHostname) throws Exception {
    Files.createDirectories(inventory.resolve("group_vars"));
    Files.createDirectories(inventory.resolve("host_vars"));
    Files.writeString(inventory.resolve("hosts.ini"), """
        [web]
        app-01.prod.example ansible_host=127.0.0.1 ansible_port=%d
        app-02.prod.example ansible_host=127.0.0.1 ansible_port=%d

        [batch]
        app-03.prod.example ansible_host=127.0.0.1 ansible_port=%d

        [prod:children]
        web
        batch
        """.formatted(host("app-01").port(), host("app-02").port(), host("app-03").port()));
    Files.writeString(inventory.resolve("group_vars/all.yml"), """
        ansible_user: ops
        ansible_become: true
        ansible_ssh_common_args: '-J inner'
        %sapp_dir: /srv/app
        """.formatted(expectShortHostname ? "expect_hostname: \"{short}\"\n" : ""));
    Files.writeString(inventory.resolve("host_vars/app-02.prod.example.yml"), """
        # the application runs as appsvc here; ops has no NOPASSWD rule on this box
        ansible_become_user: appsvc
        """);
    Files.writeString(inventory.resolve("host_vars/app-03.prod.example.yml"), """
        # the deploy key; its certificate from the user CA (id_deploy-cert.pub) lies beside it
        ansible_ssh_private_key_file: ~/.ssh/id_deploy
        """);
    return inventory;
  }

  // ---- the tests -------------------------------------------------------------------------------

  @Test
  void inventoryList_readsGroupVarsAndHostVars_ofTheInventoryDirectory_andShowsTheTwoHopPath() throws Exception {
    SteadyProcess.Result json = steady(env(), "--json", "inventory", "list");
    SteadyProcess.Result table = steady(env(), "inventory", "list");

    assertThat(json.status()).as(json.toString()).isZero();
    JsonNode hosts = new ObjectMapper().readTree(json.out()).get("hosts");
    assertThat(hosts).extracting(h -> h.get("name").asText()).containsExactly(fqdn("app-01"), fqdn("app-02"), fqdn("app-03"));
    assertThat(hosts).extracting(h -> h.get("user").asText()).as("group_vars/all.yml").containsExactly("ops", "ops", "ops");
    assertThat(hosts.findValuesAsText("expect_hostname")).as("group_vars/all.yml").containsExactly("app-01", "app-02", "app-03");
    assertThat(hosts.findValuesAsText("env")).containsOnly("production");
    assertThat(hosts.get(0).get("groups")).extracting(JsonNode::asText).containsExactly("web", "prod");
    assertThat(hosts.findValues("identity_file")).extracting(JsonNode::asText).as("host_vars/app-03.prod.example.yml only")
        .containsExactly("null", "null", "~/.ssh/id_deploy");
    assertThat(hosts.get(0).get("vars").get("app_dir").asText()).isEqualTo("/srv/app");
    for (JsonNode host : hosts) {
      assertThat(host.get("jumps").findValuesAsText("name")).as("-J inner, inner's ProxyJump bastion: dialled bastion first")
          .containsExactly("bastion", "inner");
    }
    assertThat(table.status()).as(table.toString()).isZero();
    String via = "ops@bastion (127.0.0.1:" + host("bastion").port() + ") -> ops@inner (127.0.0.1:" + host("inner").port() + ")";
    assertThat(table.out().lines().filter(l -> l.startsWith("app-0"))).hasSize(3).allSatisfy(l -> assertThat(l).endsWith(via));
    assertThat(table.out()).endsWith("3 hosts from inventory/prod\n");
    assertThat(said(json)).isEmpty();
  }

  @Test
  void exec_hostsNamedByFqdn_areProvenByTheirShortHostname_asGroupVarsSay_withoutItEveryHostIsRefused() throws Exception {
    SteadyProcess.Result r = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE, "STEADY_BECOME_PASSWORD", SUDO_PASSWORD),
        "exec", "prod", "--", "hostname; id -un");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(shown(r)).containsSubsequence(block("app-01", "app-01\nroot\n"), block("app-02", "app-02\nappsvc\n"),
        block("app-03", "app-03\nroot\n"), "3 hosts: 3 ok, 0 failed, 0 refused, 0 unreachable (ID, T)\n");

    Path plain = writeInventory(home.resolve("inventory/no-expect"), false);
    SteadyProcess.Result refused = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE, "STEADY_BECOME_PASSWORD", SUDO_PASSWORD),
        "--inventory", home.relativize(plain).toString(), "exec", "prod", "--", "touch /srv/app/fqdn-unproven");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.out()).contains("answers hostname 'app-01'").contains("expected exactly 'app-01.prod.example'");
    assertThat(shown(refused)).endsWith("3 hosts: 0 ok, 0 failed, 3 refused, 0 unreachable (ID, T)\n");
    for (String name : List.of("app-01", "app-02", "app-03")) {
      assertThat(host(name).root().resolve("fqdn-unproven")).as(name).doesNotExist();
    }
  }

  @Test
  void exec_throughABastionByAliasAndTwoHops_runsOnTheTargetOnly_andEachHopMustBePinnedUnderItsOwnAlias() throws Exception {
    SteadyProcess.Result r = steady(env(), "exec", fqdn("app-01"), "--", "touch /srv/app/two-hops; hostname");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains(banner("app-01")).contains("\napp-01\n");
    assertThat(host("app-01").root().resolve("two-hops")).exists();
    assertThat(host("bastion").root().resolve("two-hops")).as("a hop only forwards").doesNotExist();
    assertThat(host("inner").root().resolve("two-hops")).as("a hop only forwards").doesNotExist();

    String pins = Files.readString(home.resolve(".ssh/known_hosts"));
    String innerByAddressOnly = pins.replace("[inner]:" + host("inner").port() + ",", "");
    Path addressOnly = Files.writeString(dir.resolve("known_hosts.inner-by-address"), innerByAddressOnly);
    SteadyProcess.Result refused = steady(env(), "--known-hosts", addressOnly.toString(), "exec", fqdn("app-01"), "--",
        "touch /srv/app/inner-unpinned");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.out()).contains("inner").contains("steady inventory pin");
    assertThat(host("app-01").root().resolve("inner-unpinned")).doesNotExist();
  }

  @Test
  void exec_onStockSshdsWithOnlyOneOfTheirThreeHostKeysPinned_ed25519_ecdsa_rsa_raisesNoFalseHostKeyChanged() throws Exception {
    String knownHosts = Files.readString(home.resolve(".ssh/known_hosts"));

    SteadyProcess.Result r = steady(env("STEADY_BECOME_PASSWORD", SUDO_PASSWORD), "--json", "exec", "web", "--", "true");

    assertThat(r.status()).as(r.toString()).isZero();
    List<JsonNode> lines = jsonLines(r.out());
    assertThat(lines).extracting(l -> l.get("host").asText()).containsExactly(fqdn("app-01"), fqdn("app-02"));
    assertThat(lines).extracting(l -> l.get("identity").asText()).containsOnly("ok");
    assertThat(lines.get(0).get("key_fingerprint").asText()).as("app-01's ed25519 key, the pinned one")
        .isEqualTo(fingerprint(hostKeyFile("app-01", "ed25519")));
    assertThat(lines.get(1).get("key_fingerprint").asText()).as("app-02's ECDSA key, the pinned one")
        .isEqualTo(fingerprint(hostKeyFile("app-02", "ecdsa")));
    assertThat(r.out() + r.err()).doesNotContainIgnoringCase("changed");
    assertThat(Files.readString(home.resolve(".ssh/known_hosts"))).as("nothing re-pinned").isEqualTo(knownHosts);
  }

  @Test
  void exec_onACertificateHost_isTrustedThroughTheCertAuthorityLine_notAPin_andWithoutThatLineIsRefused() throws Exception {
    assertThat(Files.readString(home.resolve(".ssh/known_hosts"))).doesNotContain("app-03");

    SteadyProcess.Result r = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE), "--json", "exec", fqdn("app-03"), "--",
        "touch /srv/app/certified");

    assertThat(r.status()).as(r.toString()).isZero();
    JsonNode line = jsonLines(r.out()).getFirst();
    assertThat(line.get("identity").asText()).isEqualTo("ok");
    assertThat(line.get("key_fingerprint").asText()).as("the certified key").isEqualTo(fingerprint(hostKeyFile("app-03", "ed25519")));
    assertThat(host("app-03").root().resolve("certified")).exists();

    String withoutCa = Files.readString(home.resolve(".ssh/known_hosts")).lines().filter(l -> !l.startsWith("@cert-authority"))
        .map(l -> l + "\n").reduce("", String::concat);
    Path noCa = Files.writeString(dir.resolve("known_hosts.no-ca"), withoutCa);
    SteadyProcess.Result refused = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE), "--json", "--known-hosts", noCa.toString(),
        "exec", fqdn("app-03"), "--", "touch /srv/app/uncertified");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(4);
    JsonNode unknown = jsonLines(refused.out()).getFirst();
    assertThat(unknown.get("state").asText()).isEqualTo("refused");
    assertThat(unknown.get("identity").asText()).isEqualTo("unknown_key");
    assertThat(unknown.get("message").asText()).contains("steady inventory pin");
    assertThat(host("app-03").root().resolve("uncertified")).doesNotExist();
  }

  @Test
  void exec_agentOnly_logsInWithTheKeyOnlySshAgentHolds_andWithoutTheAgentNothingRuns() throws Exception {
    SteadyProcess.Result r = steady(env(), "exec", fqdn("app-01"), "--", "echo $SUDO_USER; touch /srv/app/agent-only");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(shown(r)).contains(block("app-01", "ops\n"));
    assertThat(host("app-01").root().resolve("agent-only")).exists();

    SteadyProcess.Result noAgent = steady(env("SSH_AUTH_SOCK", null), "exec", fqdn("app-01"), "--", "touch /srv/app/no-agent");

    assertThat(noAgent.status()).as(noAgent.toString()).isEqualTo(2);
    assertThat(said(noAgent)).as("the first hop has no key at all: bad input before anything connects")
        .startsWith("steady: no key to log in to bastion (ssh config config:3 (bastion of app-01.prod.example)): ")
        .contains("there is no ssh-agent (SSH_AUTH_SOCK is not set); set identity_file in the inventory, or load a key with ssh-add");
    assertThat(host("app-01").root().resolve("no-agent")).doesNotExist();
  }

  @Test
  void exec_withAnEncryptedKeyFromHostVars_decryptsItWithSteadyKeyPassphrase_aWrongOneIsExit2AndRunsNothing() throws Exception {
    SteadyProcess.Result r = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE), "exec", fqdn("app-03"), "--",
        "touch /srv/app/encrypted; hostname");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(shown(r)).contains(block("app-03", "app-03\n"));
    assertThat(host("app-03").root().resolve("encrypted")).exists();

    SteadyProcess.Result wrong = steady(env("STEADY_KEY_PASSPHRASE", "not the passphrase"), "exec", fqdn("app-03"), "--",
        "touch /srv/app/wrong-passphrase");

    assertThat(wrong.status()).isEqualTo(2);
    assertThat(said(wrong)).isEqualTo("steady: the passphrase in STEADY_KEY_PASSPHRASE does not decrypt key " + deployKey
        + " (identity_file of app-03.prod.example, host_vars/app-03.prod.example.yml:2); nothing was run; set the right one, or unset it to be asked on"
        + " the terminal\n");
    assertThat(host("app-03").root().resolve("wrong-passphrase")).doesNotExist();
  }

  @Test
  void exec_withAUserCertificate_logsInWhereNoAuthorizedKeysListsTheKey_andWithoutTheCertificateItCannot() throws Exception {
    Path cert = Path.of(deployKey + "-cert.pub");
    Path aside = dir.resolve("id_deploy-cert.pub.aside");
    SteadyProcess.Result r = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE), "exec", fqdn("app-03"), "--", "touch /srv/app/by-cert");
    SteadyProcess.Result withoutCert;
    Files.move(cert, aside);
    try {
      withoutCert = steady(env("STEADY_KEY_PASSPHRASE", PASSPHRASE), "exec", fqdn("app-03"), "--", "touch /srv/app/no-cert");
    } finally {
      Files.move(aside, cert);
    }

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(host("app-03").root().resolve("by-cert")).exists();
    assertThat(withoutCert.status()).as(withoutCert.toString()).isEqualTo(4);
    assertThat(withoutCert.out()).contains("login as ops failed").contains("offered").contains(deployKey.toString());
    assertThat(host("app-03").root().resolve("no-cert")).doesNotExist();
  }

  @Test
  void exec_becomesRootWithoutAPassword_onTheNopasswdHost_asGroupVarsSay() throws Exception {
    SteadyProcess.Result r = steady(env(), "exec", fqdn("app-01"), "--", "id -un; touch /srv/app/as-root");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(shown(r)).contains(block("app-01", "root\n"));
    assertThat(Files.getAttribute(host("app-01").root().resolve("as-root"), "unix:uid")).isEqualTo(0);
  }

  @Test
  void exec_onTheSudoPasswordHost_theRightPasswordRunsAsHostVarsSay_noneIsRefusedWithNothingRun() throws Exception {
    SteadyProcess.Result missing = steady(env(), "exec", fqdn("app-02"), "--", "touch /srv/app/appsvc/without-password");
    SteadyProcess.Result right = steady(env("STEADY_BECOME_PASSWORD", SUDO_PASSWORD), "exec", fqdn("app-02"), "--",
        "id -un; touch /srv/app/appsvc/with-password");

    assertThat(missing.status()).as(missing.toString()).isEqualTo(4);
    assertThat(missing.out()).contains("sudo on app-02.prod.example asks ops for a password to act as appsvc and none was given");
    assertThat(shown(missing)).endsWith("1 host: 0 ok, 0 failed, 1 refused, 0 unreachable (ID, T)\n");
    assertThat(host("app-02").root().resolve("appsvc/without-password")).doesNotExist();
    assertThat(right.status()).as(right.toString()).isZero();
    assertThat(shown(right)).contains(block("app-02", "appsvc\n")).doesNotContain(SUDO_PASSWORD);
    assertThat(Files.getAttribute(host("app-02").root().resolve("appsvc/with-password"), "unix:uid")).isEqualTo(20002);
  }

  @Test
  void cleanup_planAndApply_overTheTwoHopChain_withBecome_deletesTheRootOwnedFilesOfThePlan_onlyThroughSudo() throws Exception {
    Path logs = Files.createDirectories(host("app-01").root().resolve("logs"));
    Files.writeString(logs.resolve("today.log"), "kept");
    for (int i = 1; i <= 3; i++) {
      Path old = Files.writeString(logs.resolve("app.log." + i), "x".repeat(1000));
      Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
    Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));

    SteadyProcess.Result plan = steady(env(), "--json", "cleanup", "plan", fqdn("app-01"), "--path", "/srv/app/logs", "--older-than",
        "7d", "--become");
    assertThat(plan.status()).as(plan.toString()).isZero();
    JsonNode reviewed = new ObjectMapper().readTree(plan.out());
    assertThat(reviewed.get("count").asInt()).isEqualTo(3);
    SteadyProcess.Result apply = steady(env(), "apply", reviewed.get("id").asText(), "--confirm", reviewed.get("confirm_token").asText(),
        "--become");
    SteadyProcess.Result audit = steady(env(), "--json", "audit", "log", "-n", "50");

    assertThat(apply.status()).as(apply.toString()).isZero();
    assertThat(apply.out()).contains("ALL DONE: deleted 3 files");
    try (var left = Files.list(logs)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("today.log");
    }
    assertThat(audit.out()).contains("\"acts_as\":\"root via sudo\"");
  }

  // ---- the engineer's side -------------------------------------------------------------------

  /** ana's environment: her HOME and her agent, nothing of the test's; {@code more} as name, value pairs (a null value unsets). */
  static Map<String, String> env(String... more) {
    Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME", home.toString(),
        "LANG", "C.UTF-8", "SSH_AUTH_SOCK", agent.socket().toString()));
    for (int i = 0; i < more.length; i += 2) {
      if (more[i + 1] == null) {
        env.remove(more[i]);
      } else {
        env.put(more[i], more[i + 1]);
      }
    }
    return env;
  }

  /** {@code steady --inventory inventory/prod ARGS…} (unless ARGS name one) in ana's HOME, in a JVM of its own. */
  static SteadyProcess.Result steady(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args).contains("--inventory") ? List.of() : List.of("--inventory", "inventory/prod"));
    all.addAll(List.of(args));
    return SteadyProcess.startClean(dir, "steady-" + System.nanoTime(), home, env, all).finish();
  }

  /** What steady printed on stdout, with the times and the exec id (which differ from run to run) as T and ID. */
  static String shown(SteadyProcess.Result r) {
    return r.out().replaceAll(" · (\\d+\\.\\d+)s\n", " · T\n").replaceAll("\\((x-[0-9a-f]+), \\d+\\.\\ds\\)\n", "(ID, T)\n");
  }

  /** What steady printed on stderr, the JVM's own warnings left out. */
  static String said(SteadyProcess.Result r) {
    return r.err().lines().filter(l -> !l.startsWith("WARNING:") && !l.isBlank()).map(l -> l + "\n").reduce("", String::concat);
  }

  static List<JsonNode> jsonLines(String out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
      lines.add(new ObjectMapper().readTree(line));
    }
    return lines;
  }

  /** What exec prints for a host that ran {@code output} and exited 0, as {@link #shown} writes it. */
  static String block(String name, String output) {
    return banner(name) + " · exit 0 · T\n" + output;
  }

  /** The start of the banner exec prints over a host's output, up to its state. */
  static String banner(String name) {
    return "── " + fqdn(name) + " 127.0.0.1:" + host(name).port() + " production ── ok";
  }

  static String fqdn(String name) {
    return name + DOMAIN;
  }

  static OpenSshHost host(String name) {
    return fleet.host(name);
  }

  // ---- building the estate -------------------------------------------------------------------

  /** A known_hosts line pinning only the {@code type} host key of fleet host {@code name}'s short name, under {@code alias}. */
  static String pin(String alias, String type) throws Exception {
    OpenSshHost h = host(alias.replace(DOMAIN, ""));
    return "[" + alias + "]:" + h.port() + ",[127.0.0.1]:" + h.port() + " " + publicKey(hostKeyFile(h.name(), type));
  }

  static Path hostKeyFile(String name, String type) {
    return host(name).root().getParent().resolve("ssh_host_" + type + "_key.pub");
  }

  /** {@code TYPE BASE64} of a .pub file, its comment left out. */
  static String publicKey(Path pub) throws Exception {
    String[] fields = Files.readString(pub).strip().split("\\s+");
    return fields[0] + " " + fields[1];
  }

  /** OpenSSH's own SHA256 fingerprint of a .pub file ({@code ssh-keygen -l}). */
  static String fingerprint(Path pub) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out.split("\\s+")[1];
  }

  /** Only the keys in {@code keys} may log in to fleet host {@code name} (its sshd reads DIR/NAME/authorized_keys). */
  static void authorizedKeys(Path fleetDir, String name, String keys) throws Exception {
    Files.writeString(Files.createDirectories(fleetDir.resolve(name)).resolve("authorized_keys"), keys);
  }

  /** An ed25519 host key in {@code hostDir}, made before its sshd starts, certified by the host CA for {@code principals}. */
  static void certifiedHostKey(Path hostDir, String principals) throws Exception {
    Path key = Files.createDirectories(hostDir).resolve("ssh_host_ed25519_key");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@app-03", "-f", key.toString());
    run("ssh-keygen", "-q", "-s", hostCa.toString(), "-I", "app-03", "-h", "-n", principals, "-V", "-1d:+30d", key + ".pub");
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
