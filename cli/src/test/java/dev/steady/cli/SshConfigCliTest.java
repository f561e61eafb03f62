package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * steady connects where {@code ssh HOST} would with the same ssh config, or refuses naming the line:
 * bastions by alias (one and two hops, each with its own pinned key), ProxyCommand, Match blocks,
 * settings it does not honour, and the files a user points it at. Real embedded SSH hosts.
 */
@Timeout(90)
class SshConfigCliTest {

  static final List<String> NAMES = List.of("web-01", "web-02", "web-03", "db-01");
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  Path config;
  Path inventory;
  Path knownHosts;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    inventory = Files.writeString(work.resolve("inventory.yaml"), "defaults: {env: staging}\nhosts:\n  web-01:\n  web-02:\n  web-03:\n");
    knownHosts = work.resolve("known_hosts");
    for (EmbeddedHost h : fleet.hosts()) {
      h.setHostname(h.name());
    }
  }

  /** An ssh config block giving {@code alias} the address, port, user and key of fleet host {@code host}. */
  String block(String alias, String host, String... more) {
    EmbeddedHost h = fleet.host(host);
    StringBuilder b = new StringBuilder("Host " + alias + "\n  HostName 127.0.0.1\n  Port " + h.port() + "\n  User steady\n"
        + "  IdentityFile " + fleet.clientKey() + "\n");
    for (String line : more) {
      b.append("  ").append(line).append('\n');
    }
    return b.toString();
  }

  /** known_hosts pinning fleet host {@code host}'s key under the name {@code name} (and the address, as steady pins). */
  String pin(String name, String host) {
    EmbeddedHost h = fleet.host(host);
    String line = h.knownHostsLine();
    return "[" + name + "]:" + h.port() + line.substring(line.indexOf(','));
  }

  void write(String configText, String... pins) throws Exception {
    config = Files.writeString(work.resolve("ssh_config"), configText);
    Files.write(knownHosts, List.of(pins));
  }

  Cli.Result steady(String... more) {
    List<String> args = new ArrayList<>(List.of("--inventory", inventory.toString(), "--known-hosts", knownHosts.toString(),
        "--ssh-config", config.toString(), "--store", work.resolve("steady.db").toString(), "--no-color"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void exec_reachesAHostThroughABastionNamedByAlias_checkingTheBastionsOwnPin_andRunsNothingOnIt() throws Exception {
    write(block("web-01", "web-01", "ProxyJump edge") + block("edge", "db-01"), pin("web-01", "web-01"), pin("edge", "db-01"));
    int onBastion = fleet.host("db-01").commandsRun().size();

    Cli.Result r = steady("exec", "web-01", "--", "hostname");
    Cli.Result list = steady("inventory", "list");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains("web-01\n");
    assertThat(fleet.host("db-01").commandsRun()).as("the bastion only forwards").hasSize(onBastion);
    assertThat(list.out()).contains("steady@edge (127.0.0.1:" + fleet.host("db-01").port() + ")");

    write(block("web-01", "web-01", "ProxyJump edge") + block("edge", "db-01"), pin("web-01", "web-01"));
    Cli.Result unpinned = steady("exec", "web-01", "--", "touch", "via-unpinned-bastion");

    assertThat(unpinned.status()).isEqualTo(4);
    assertThat(unpinned.out()).contains("is not pinned for the name edge").contains("steady inventory pin");
    assertThat(fleet.host("web-01").root().resolve("via-unpinned-bastion")).doesNotExist();
  }

  @Test
  void pin_pinsTheBastionByItsAliasFirst_thenTheHostBehindIt() throws Exception {
    write(block("web-01", "web-01", "ProxyJump edge") + block("edge", "db-01"));

    Cli.Result first = steady("inventory", "pin", "web-01");
    java.util.regex.Matcher token = java.util.regex.Pattern.compile("--confirm ([0-9a-f]{8})").matcher(first.err());
    assertThat(token.find()).as(first.toString()).isTrue();
    Cli.Result bastion = steady("inventory", "pin", "web-01", "--confirm", token.group(1));
    assertThat(bastion.status()).as("the host behind it is not reachable yet").isEqualTo(4);
    assertThat(Files.readString(knownHosts)).startsWith("[edge]:" + fleet.host("db-01").port() + ",[127.0.0.1]:");

    Cli.Result second = steady("inventory", "pin", "web-01");
    token = java.util.regex.Pattern.compile("--confirm ([0-9a-f]{8})").matcher(second.err());
    assertThat(token.find()).as(second.toString()).isTrue();
    Cli.Result target = steady("inventory", "pin", "web-01", "--confirm", token.group(1));

    assertThat(target.status()).as(target.toString()).isZero();
    assertThat(steady("exec", "web-01", "--", "hostname").status()).isZero();
  }

  @Test
  void exec_throughTwoHops_dialsThemInOrder() throws Exception {
    write(block("web-02", "web-02", "ProxyJump edge,inner") + block("edge", "db-01") + block("inner", "web-03"),
        pin("web-02", "web-02"), pin("edge", "db-01"), pin("inner", "web-03"));

    Cli.Result r = steady("--json", "inventory", "list", "web-02");
    Cli.Result ran = steady("exec", "web-02", "--", "hostname");

    JsonNode jumps = new ObjectMapper().readTree(r.out()).get("hosts").get(0).get("jumps");
    assertThat(jumps).hasSize(2);
    assertThat(jumps.get(0).get("name").asText()).isEqualTo("edge");
    assertThat(jumps.get(1).get("name").asText()).isEqualTo("inner");
    assertThat(ran.status()).as(ran.toString()).isZero();
    assertThat(ran.out()).contains("web-02\n");
  }

  @Test
  void exec_throughAProxyCommand_speaksSshOverItsStdio() throws Exception {
    EmbeddedHost proxy = fleet.host("db-01");
    String proxyCommand = "ProxyCommand ssh -q -i " + fleet.clientKey() + " -o UserKnownHostsFile=" + fleet.knownHosts()
        + " -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes -p " + proxy.port()
        + " steady@127.0.0.1 -W %h:%p";
    write(block("web-03", "web-03", proxyCommand), pin("web-03", "web-03"));
    int onProxy = proxy.commandsRun().size();

    Cli.Result r = steady("exec", "web-03", "--", "hostname");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains("web-03\n");
    assertThat(proxy.commandsRun()).as("ssh -W opens a forwarding channel, runs no command").hasSize(onProxy);
  }

  @Test
  void exec_aProxyCommandThatFails_saysSo_andRunsNothing() throws Exception {
    write(block("web-03", "web-03", "ProxyCommand sh -c 'echo no route to web-03 >&2; exit 7'"), pin("web-03", "web-03"));

    Cli.Result r = steady("exec", "web-03", "--", "touch", "proxy-failed");

    assertThat(r.status()).isEqualTo(4);
    assertThat(r.out()).contains("ProxyCommand exited 7: no route to web-03");
    assertThat(fleet.host("web-03").root().resolve("proxy-failed")).doesNotExist();
  }

  @Test
  void aMatchExecBlockThatMayApply_refusesTheHost_namingTheLine_andRunsNothing() throws Exception {
    write("Match originalhost web-01 exec \"test -e /etc/hostname\"\n  ProxyJump elsewhere\n" + block("web-01", "web-01")
        + block("web-02", "web-02"), pin("web-01", "web-01"), pin("web-02", "web-02"));
    inventory = Files.writeString(work.resolve("inventory.yaml"), "defaults: {env: staging}\nhosts:\n  web-01:\n");

    Cli.Result list = steady("inventory", "list");
    Cli.Result r = steady("exec", "web-01", "--", "touch", "match-ran");

    assertThat(list.out()).contains("REFUSED web-01: ssh config ssh_config:1: Match originalhost web-01 exec \"test -e /etc/hostname\"");
    assertThat(r.status()).isEqualTo(4);
    assertThat(r.out()).contains("refused: web-01 is not contacted: ssh config ssh_config:1").contains("does not evaluate exec");
    assertThat(fleet.host("web-01").root().resolve("match-ran")).doesNotExist();
  }

  @Test
  void settingsNotHonoured_areNamedOnceWithFileAndLine() throws Exception {
    write(block("web-01", "web-01", "ForwardAgent yes") + block("web-02", "web-02", "ForwardAgent yes"), pin("web-01", "web-01"),
        pin("web-02", "web-02"));

    Cli.Result r = steady("exec", "web-01,web-02", "--", "true");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.err()).contains("steady: warning: ssh config ssh_config:6 forwardagent is not honoured by steady (it applies to web-01)")
        .contains("steady: warning: ssh config ssh_config:12 forwardagent is not honoured by steady (it applies to web-02)");
    assertThat(r.err().split("forwardagent", -1)).hasSize(3);
  }

  @Test
  void aMissingSshConfigNamedByFlag_isBadInput() throws Exception {
    config = work.resolve("no-such-config");

    Cli.Result r = steady("inventory", "list");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("steady: ssh config " + config + " does not exist; check --ssh-config FILE (without it,"
        + " ~/.ssh/config is read when it exists)\n");
  }

  @Test
  void aStoreInADirectoryThatDoesNotExist_isBadInput_untilStoreMigrateCreatesIt() throws Exception {
    write(block("web-01", "web-01"), pin("web-01", "web-01"));
    Path store = work.resolve("typo/steady.db");
    List<String> base = List.of("--inventory", inventory.toString(), "--known-hosts", knownHosts.toString(), "--ssh-config",
        config.toString(), "--store", store.toString());

    Cli.Result r = Cli.run(concat(base, "status"));
    Cli.Result migrated = Cli.run(concat(base, "store", "migrate"));

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("directory " + store.getParent() + " does not exist");
    assertThat(migrated.status()).as(migrated.toString()).isZero();
    assertThat(store).exists();
  }

  @Test
  void home_isHonouredForEveryDefaultPath() throws Exception {
    Path home = Files.createDirectories(work.resolve("home"));
    Files.createDirectories(home.resolve(".steady"));
    Files.writeString(home.resolve(".steady/inventory.yaml"), "hosts:\n  only-here: {address: 127.0.0.1, env: staging}\n");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "--json", "inventory", "list"));
    ProcessBuilder b = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    b.environment().put("HOME", home.toString());
    b.environment().remove("STEADY_INVENTORY");
    b.environment().remove("STEADY_STORE");

    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("\"name\":\"only-here\"");
  }

  private static String[] concat(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
