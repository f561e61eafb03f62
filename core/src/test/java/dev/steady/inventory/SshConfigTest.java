package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class SshConfigTest {

  @TempDir Path dir;

  private static final String HOME = System.getProperty("user.home");

  private SshConfig config(String text) {
    return SshConfig.load(write(dir, "config", text));
  }

  /** The five settings most tests look at. */
  record Brief(String hostName, String user, Integer port, String identityFile, String proxyJump) {}

  static Brief brief(SshConfig.Resolved r) {
    return new Brief(r.hostName(), r.user(), r.port(), r.identityFile(), r.proxyJump());
  }

  @Test
  void resolve_takesTheFirstValueObtained() {
    SshConfig config = config("""
        Host web-01
          HostName 10.0.0.11
          User deploy
        Host web-*
          User ops
          Port 2222
          IdentityFile ~/.ssh/web
          IdentityFile ~/.ssh/other
        Host *
          Port 22
          ProxyJump bastion
        """);

    assertThat(brief(config.resolve("web-01"))).isEqualTo(new Brief("10.0.0.11", "deploy", 2222, HOME + "/.ssh/web", "bastion"));
    assertThat(config.resolve("web-01").identityFiles()).containsExactly(HOME + "/.ssh/web", HOME + "/.ssh/other");
    assertThat(brief(config.resolve("db-01"))).isEqualTo(new Brief(null, null, 22, null, "bastion"));
  }

  @Test
  void resolve_honoursNegationQuestionMarkAndSeveralPatterns() {
    SshConfig config = config("""
        Host web-? !web-3 db-01
          User ops
        Host=other
          User=someone
        """);

    assertThat(config.resolve("web-1").user()).isEqualTo("ops");
    assertThat(config.resolve("WEB-2").user()).isEqualTo("ops");
    assertThat(config.resolve("web-3").user()).isNull();
    assertThat(config.resolve("web-10").user()).isNull();
    assertThat(config.resolve("db-01").user()).isEqualTo("ops");
    assertThat(config.resolve("other").user()).isEqualTo("someone");
  }

  @Test
  void resolve_expandsHostNameTokens() {
    SshConfig config = config("Host *.lan\n  HostName %h.example.com\n");

    assertThat(config.resolve("nas.lan").hostName()).isEqualTo("nas.lan.example.com");
  }

  @Test
  void resolve_evaluatesMatchHostOriginalhostUserAndAll() {
    SshConfig config = config("""
        Host web-01 web-02
          HostName %h.prod.example
        Host web-01
          User ops
        Match host *.prod.example user ops
          ProxyJump prod-bastion
        Match originalhost db-*
          Port 2222
        Match all
          User deploy
        """);

    assertThat(config.resolve("web-01").proxyJump()).as("Match host sees the HostName set above, user the User").isEqualTo("prod-bastion");
    assertThat(config.resolve("web-02").proxyJump()).as("user not yet ops").isNull();
    assertThat(config.resolve("db-01").port()).isEqualTo(2222);
    assertThat(config.resolve("web-01").port()).isNull();
    assertThat(config.resolve("db-01").user()).isEqualTo("deploy");
    assertThat(config.resolve("web-01").refusal()).isNull();
  }

  @Test
  void resolve_aMatchExecThatMayApply_refusesTheHostNamingTheLine_andOneThatCannotApplyDoesNot() {
    SshConfig config = config("""
        Match host web-* exec "test -f /tmp/on-vpn"
          ProxyJump vpn-bastion
        Host *
          User ops
        """);

    assertThat(config.resolve("web-01").refusal()).isEqualTo("ssh config config:1: Match host web-* exec \"test -f /tmp/on-vpn\""
        + " may apply to web-01 (it sets proxyjump at config:2) and steady does not evaluate exec test -f /tmp/on-vpn; make the"
        + " block's Host/Match criteria exclude this host, or connect with ssh yourself");
    assertThat(config.resolve("web-01").proxyJump()).as("never guessed").isNull();
    assertThat(config.resolve("db-01").refusal()).isNull();
    assertThat(config.resolve("db-01").user()).isEqualTo("ops");
  }

  @Test
  void resolve_expandsTokensAndVariablesOnceEverythingIsKnown() {
    SshConfig config = SshConfig.parse(new SourceText(dir.resolve("config"), "config", """
        Host web-01
          IdentityFile ~/.ssh/%r@%h-%p
          CertificateFile ${KEYS}/%n-cert.pub
          ProxyCommand ssh -W %h:%p gateway
          UserKnownHostsFile %d/.ssh/known_hosts.%u
        Host *
          HostName %h.example.com
          User ops
          Port 2222
        """)).withEnvironment("alice", "/home/alice", "laptop", java.util.Map.of("KEYS", "/etc/keys"));

    SshConfig.Resolved r = config.resolve("web-01");

    assertThat(r.identityFiles()).containsExactly("/home/alice/.ssh/ops@web-01.example.com-2222");
    assertThat(r.certificateFiles()).containsExactly("/etc/keys/web-01-cert.pub");
    assertThat(r.proxyCommand()).isEqualTo("ssh -W web-01.example.com:2222 gateway");
    assertThat(r.userKnownHostsFiles()).containsExactly("/home/alice/.ssh/known_hosts.alice");
  }

  @Test
  void resolve_anUnknownTokenOrUnsetVariable_isBadInputNamingTheLine() {
    SshConfig tokens = config("Host web-01\n  IdentityFile ~/.ssh/%C\n");
    SshConfig variable = config("Host web-01\n  IdentityFile ${STEADY_TEST_SURELY_UNSET}/key\n");

    assertBadInput(() -> tokens.resolve("web-01"),
        "config:2: identityfile uses the token %C, which steady does not expand; write the value out in the ssh config");
    assertBadInput(() -> variable.resolve("web-01"),
        "config:2: identityfile uses ${STEADY_TEST_SURELY_UNSET}, which is not set in the environment; set it or fix the ssh config");
  }

  @Test
  void resolve_reportsTheLinesItDoesNotHonour_andRefusesThoseThatChangeWhereItConnects() {
    SshConfig config = config("""
        Host web-01
          ForwardAgent yes
          LocalForward 8080 localhost:80
          StrictHostKeyChecking accept-new
          ServerAliveInterval 30
        Host canon
          CanonicalizeHostname yes
        """);

    assertThat(config.resolve("web-01").ignored()).containsExactly("config:2 forwardagent", "config:3 localforward",
        "config:4 StrictHostKeyChecking accept-new (steady always requires a pinned key)");
    assertThat(config.resolve("web-01").refusal()).isNull();
    assertThat(config.resolve("canon").refusal()).startsWith("ssh config config:7: CanonicalizeHostname yes would make ssh connect");
  }

  @Test
  void resolve_treatsProxyJumpNoneAsNoBastionAndFirstWins() {
    SshConfig config = config("Host inside\n  ProxyJump none\nHost *\n  ProxyJump bastion\n");

    assertThat(config.resolve("inside").proxyJump()).isNull();
    assertThat(config.resolve("outside").proxyJump()).isEqualTo("bastion");
  }

  @Test
  void resolve_followsRelativeIncludesAndIgnoresMissingOnes() {
    write(dir, "conf.d/10-web", "Host web-01\n  HostName 10.0.0.11\n");
    write(dir, "conf.d/20-db", "Host db-01\n  HostName 10.0.1.1\n");
    SshConfig config = config("Include conf.d/*\nInclude missing-file\nHost *\n  User ops\n");

    assertThat(config.resolve("web-01").hostName()).isEqualTo("10.0.0.11");
    assertThat(config.resolve("db-01").hostName()).isEqualTo("10.0.1.1");
    assertThat(config.resolve("db-01").user()).isEqualTo("ops");
    assertThat(config.aliases()).containsExactly("web-01", "db-01");
  }

  @Test
  void resolve_appliesIncludeInsideHostBlockOnlyToThatBlock() {
    write(dir, "inner", "User included\n");
    SshConfig config = config("Host web-01\n  Include inner\nHost *\n  User fallback\n");

    assertThat(config.resolve("web-01").user()).isEqualTo("included");
    assertThat(config.resolve("db-01").user()).isEqualTo("fallback");
  }

  @Test
  void load_ofMissingOrNullFileIsEmpty() {
    assertThat(brief(SshConfig.load(dir.resolve("nope")).resolve("x"))).isEqualTo(new Brief(null, null, null, null, null));
    assertThat(SshConfig.load(null).aliases()).isEmpty();
  }

  @Test
  void aliases_listsLiteralHostPatternsInOrder() {
    SshConfig config = config("Host web-01 web-02 !bad\nHost *.lan db-?\nHost db-01\n");

    assertThat(config.aliases()).containsExactly("web-01", "web-02", "db-01");
  }

  @Test
  void resolve_failsOnBadPort() {
    SshConfig config = config("Host web-01\n  Port ssh\n");

    assertBadInput(() -> config.resolve("web-01"),
        "config:2: Port must be a number from 1 to 65535, found 'ssh'; fix the ssh config");
  }

  @Test
  void inventoryLoad_fillsOnlyFieldsTheInventoryLeftUnset() {
    Path ssh = write(dir, "ssh_config", """
        Host web-01
          HostName 10.9.9.9
          User sshuser
          Port 2222
          IdentityFile ~/.ssh/web
          ProxyJump bastion
        Host 10.0.0.12
          User byaddress
        """);
    Path inv = write(dir, "inventory.yaml", """
        hosts:
          web-01: {user: ops}
          web-02: {address: 10.0.0.12}
          web-03: {address: 10.0.0.13, port: 22}
        """);

    Inventory inventory = Inventory.load(inv, ssh);

    Host web1 = inventory.host("web-01").orElseThrow();
    assertThat(web1.address()).isEqualTo("10.9.9.9");
    assertThat(web1.user()).isEqualTo("ops");
    assertThat(web1.port()).isEqualTo(2222);
    assertThat(web1.identityFile()).isEqualTo(HOME + "/.ssh/web");
    assertThat(web1.proxyJump()).isEqualTo("bastion");
    assertThat(web1.ssh().jumps()).extracting(Host::address, Host::port).containsExactly(org.assertj.core.groups.Tuple.tuple("bastion", 22));
    assertThat(inventory.host("web-02").orElseThrow().user()).isEqualTo("byaddress");
    assertThat(inventory.host("web-03").orElseThrow().port()).isEqualTo(22);
  }

  @Test
  void inventoryLoad_resolvesBastionAliasesThroughTheConfig_hopByHop_withTheirOwnSettings() {
    Path ssh = write(dir, "ssh_config", """
        Host edge
          HostName 203.0.113.7
          User jumper
          Port 2200
          IdentityFile ~/.ssh/edge
        Host inner
          HostName 10.1.0.2
          ProxyJump edge
        Host web-*
          ProxyJump inner
        Host db-*
          ProxyJump edge,inner
        """);
    Path inv = write(dir, "inventory.yaml", "hosts:\n  web-01:\n  db-01:\n");

    Inventory inventory = Inventory.load(inv, ssh);

    Host web = inventory.host("web-01").orElseThrow();
    assertThat(web.ssh().jumps()).extracting(Host::name, Host::address, Host::port, Host::user)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("edge", "203.0.113.7", 2200, "jumper"),
            org.assertj.core.groups.Tuple.tuple("inner", "10.1.0.2", 22, System.getProperty("user.name")));
    assertThat(web.ssh().jumps().getFirst().identityFile()).isEqualTo(HOME + "/.ssh/edge");
    assertThat(web.ssh().jumps().getFirst().source()).isEqualTo("ssh config ssh_config:2 (bastion of web-01)");
    assertThat(inventory.host("db-01").orElseThrow().ssh().jumps()).extracting(Host::name).containsExactly("edge", "edge", "inner");
  }

  @Test
  void inventoryLoad_aBastionLoop_isBadInput() {
    Path ssh = write(dir, "ssh_config", "Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n");
    Path inv = write(dir, "inventory.yaml", "hosts:\n  a:\n");

    assertBadInput(() -> Inventory.load(inv, ssh),
        "the bastions of host a (inventory.yaml:2) chain more than 8 hops (a <- b <- a <- b <- a <- b <- a <- b <- a <- b);"
            + " check ProxyJump for a loop");
  }

  @Test
  void inventoryLoad_aNameWhoseConfigLeadsElsewhereThanItsAddress_isRefusedNotGuessed() {
    Path ssh = write(dir, "ssh_config", "Host web-*\n  ProxyJump bastion\nHost *\n  User ops\n");
    Path inv = write(dir, "inventory.yaml", "hosts:\n  web-01: {address: 10.0.0.11}\n  web-02:\n");

    Inventory inventory = Inventory.load(inv, ssh);

    Host web1 = inventory.host("web-01").orElseThrow();
    assertThat(web1.ssh().refusal()).isEqualTo("ssh config ssh_config:2 sets proxyjump for the name web-01, but the inventory"
        + " (inventory.yaml:2) gives web-01 the address 10.0.0.11, which that setting does not apply to; ssh and Ansible would"
        + " connect to 10.0.0.11 without it. Remove the address from the inventory, or make the ssh config match 10.0.0.11 too");
    assertThat(web1.ssh().jumps()).isEmpty();
    assertThat(inventory.host("web-02").orElseThrow().ssh().jumps()).extracting(Host::name).containsExactly("bastion");
    assertThat(inventory.host("web-02").orElseThrow().ssh().refusal()).isNull();
  }

  @Test
  void inventoryLoad_aHostWithAnAddress_takesHowItLogsInFromTheNamesBlock_everyIdentityFileWithItsLine() {
    Path ssh = write(dir, "ssh_config", """
        Host web-01
          IdentityFile /keys/first
          IdentityFile /keys/second
          CertificateFile /keys/first-cert.pub
          IdentitiesOnly yes
          IdentityAgent /run/agent.sock
        """);
    Path inv = write(dir, "inventory.yaml", "hosts:\n  web-01: {address: 10.0.0.11}\n");

    Host web = Inventory.load(inv, ssh).host("web-01").orElseThrow();

    assertThat(web.identityFile()).isEqualTo("/keys/first");
    assertThat(web.ssh().identityFiles()).containsExactly("/keys/first", "/keys/second");
    assertThat(web.ssh().certificateFiles()).containsExactly("/keys/first-cert.pub");
    assertThat(web.ssh().identitiesOnly()).isTrue();
    assertThat(web.ssh().identityAgent()).isEqualTo("/run/agent.sock");
    assertThat(web.ssh().filesSetAt()).containsEntry("/keys/second", "ssh_config:3").containsEntry("/keys/first-cert.pub", "ssh_config:4");
    assertThat(web.ssh().refusal()).isNull();
  }

  @Test
  void inventoryLoad_carriesProxyCommandHostKeyAliasAndKnownHostsFiles() {
    Path ssh = write(dir, "ssh_config", """
        Host web-01
          ProxyCommand nc -X connect -x proxy:3128 %h %p
          HostKeyAlias web-01.pins
          UserKnownHostsFile ~/.ssh/team_known_hosts
          GlobalKnownHostsFile /etc/ssh/fleet_known_hosts
        """);
    Path inv = write(dir, "inventory.yaml", "hosts:\n  web-01:\n");

    Host web = Inventory.load(inv, ssh).host("web-01").orElseThrow();

    assertThat(web.ssh().proxyCommand()).isEqualTo("nc -X connect -x proxy:3128 web-01 22");
    assertThat(web.pinName()).isEqualTo("web-01.pins");
    assertThat(web.ssh().userKnownHostsFiles()).containsExactly(HOME + "/.ssh/team_known_hosts");
    assertThat(web.ssh().globalKnownHostsFiles()).containsExactly("/etc/ssh/fleet_known_hosts");
  }

  @Test
  void inventoryLoad_looksAnAnsibleHostUpAsAnsiblesSshCommandNamesIt() {
    Path ssh = write(dir, "ssh_config", """
        Host web-01
          User byname
          Port 2200
        Host 10.0.0.12
          User byaddress
        """);
    Path inv = write(dir, "hosts", "[web]\nweb-01 ansible_host=10.0.0.11\nweb-02 ansible_host=10.0.0.12\n");

    Inventory inventory = Inventory.load(inv, ssh);

    Host web1 = inventory.host("web-01").orElseThrow();
    assertThat(web1.user()).as("ssh 10.0.0.11 never reads Host web-01").isEqualTo(System.getProperty("user.name"));
    assertThat(web1.port()).isEqualTo(22);
    assertThat(inventory.host("web-02").orElseThrow().user()).isEqualTo("byaddress");
  }

  @Test
  void inventoryLoad_defaultsOfTheInventoryWinOverSshConfig() {
    Path ssh = write(dir, "ssh_config", "Host *\n  User sshuser\n  Port 2200\n");
    Path inv = write(dir, "inventory.yaml", "defaults: {user: ops}\nhosts:\n  web-01:\n");

    Host web = Inventory.load(inv, ssh).host("web-01").orElseThrow();

    assertThat(web.user()).isEqualTo("ops");
    assertThat(web.port()).isEqualTo(2200);
  }

  @Test
  void inventoryLoad_readsAnSshConfigAsTheInventory() {
    Path inv = write(dir, "my-hosts", """
        # my machines
        Host web-01 web-02
          User ops
        Host web-01
          HostName 10.0.0.11
        Host web-02
          HostName 10.0.0.12
          Port 2222
        Host *
          IdentityFile ~/.ssh/fleet
        """);

    Inventory inventory = Inventory.load(inv, null);

    assertThat(inventory.hosts()).extracting(Host::name, Host::address, Host::port, Host::user, Host::identityFile, Host::source)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("web-01", "10.0.0.11", 22, "ops", HOME + "/.ssh/fleet", "my-hosts:2"),
            org.assertj.core.groups.Tuple.tuple("web-02", "10.0.0.12", 2222, "ops", HOME + "/.ssh/fleet", "my-hosts:2"));
  }

  @Test
  void inventoryLoad_failsOnSshConfigWithoutLiteralAliases() {
    Path inv = write(dir, "cfg", "Host *\n  User ops\n");

    assertBadInput(() -> Inventory.load(inv, null),
        "cfg:1: this ssh config has no Host alias without wildcards; add blocks like 'Host web-01' with 'HostName 10.0.0.11'");
  }
}
