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

    assertThat(config.resolve("web-01"))
        .isEqualTo(new SshConfig.Resolved("10.0.0.11", "deploy", 2222, HOME + "/.ssh/web", "bastion"));
    assertThat(config.resolve("db-01")).isEqualTo(new SshConfig.Resolved(null, null, 22, null, "bastion"));
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
  void resolve_skipsMatchBlocksButHonoursMatchAll() {
    SshConfig config = config("""
        Match host web-01 exec "true"
          User matched
        Match all
          Port 2022
        Host web-01
          User ops
        """);

    assertThat(config.resolve("web-01")).isEqualTo(new SshConfig.Resolved(null, "ops", 2022, null, null));
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
    assertThat(SshConfig.load(dir.resolve("nope")).resolve("x")).isEqualTo(new SshConfig.Resolved(null, null, null, null, null));
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
    assertThat(inventory.host("web-02").orElseThrow().user()).isEqualTo("byaddress");
    assertThat(inventory.host("web-03").orElseThrow().port()).isEqualTo(22);
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

    assertThat(inventory.hosts()).containsExactly(
        new Host("web-01", "10.0.0.11", 22, "ops", HOME + "/.ssh/fleet", null, null, null, null, null, "my-hosts:2"),
        new Host("web-02", "10.0.0.12", 2222, "ops", HOME + "/.ssh/fleet", null, null, null, null, null, "my-hosts:2"));
  }

  @Test
  void inventoryLoad_failsOnSshConfigWithoutLiteralAliases() {
    Path inv = write(dir, "cfg", "Host *\n  User ops\n");

    assertBadInput(() -> Inventory.load(inv, null),
        "cfg:1: this ssh config has no Host alias without wildcards; add blocks like 'Host web-01' with 'HostName 10.0.0.11'");
  }
}
