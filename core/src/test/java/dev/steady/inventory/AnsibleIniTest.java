package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class AnsibleIniTest {

  @TempDir Path dir;


  @Test
  void load_readsUngroupedAndGroupedHostsInFileOrder() {
    Inventory inv = load(dir, "hosts", """
        # production fleet
        bastion-01 ansible_host=203.0.113.5

        [web]
        web-01 ansible_host=10.0.0.11 ansible_port=2222 http_port=8080
        web-02 ansible_host=10.0.0.12 ansible_user=deploy ansible_ssh_private_key_file=~/.ssh/web
        ; a comment
        [db]
        db-01:2200
        """);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("bastion-01", "web-01", "web-02", "db-01");
    Host web1 = inv.host("web-01").orElseThrow();
    assertThat(web1.address()).isEqualTo("10.0.0.11");
    assertThat(web1.port()).isEqualTo(2222);
    assertThat(web1.vars()).containsExactly(Map.entry("http_port", "8080"));
    assertThat(web1.source()).isEqualTo("hosts:5");
    Host web2 = inv.host("web-02").orElseThrow();
    assertThat(web2.user()).isEqualTo("deploy");
    assertThat(web2.identityFile()).isEqualTo("~/.ssh/web");
    assertThat(inv.host("db-01").orElseThrow().port()).isEqualTo(2200);
    assertThat(inv.host("bastion-01").orElseThrow().groups()).isEmpty();
    assertThat(inv.groups()).containsExactly(
        Map.entry("web", List.of("web-01", "web-02")), Map.entry("db", List.of("db-01")));
  }

  @Test
  void load_mapsSteadyAndConnectionVariables() {
    Inventory inv = load(dir, "hosts", """
        [ops]
        control ansible_connection=local
        web-01 env=staging expect_hostname=web-01.example proxy_jump=bastion
        web-02 steady_env=production ansible_ssh_common_args='-o ProxyJump=jump@gw:2222' steady_expect_machine_id=0123456789abcdef0123456789abcdef
        """);

    assertThat(inv.host("control").orElseThrow().isLocal()).isTrue();
    Host web1 = inv.host("web-01").orElseThrow();
    assertThat(web1.env()).isEqualTo("staging");
    assertThat(web1.expectedHostname()).isEqualTo("web-01.example");
    assertThat(web1.proxyJump()).isEqualTo("bastion");
    assertThat(web1.vars()).isEmpty();
    assertThat(inv.host("web-02").orElseThrow().proxyJump()).isEqualTo("jump@gw:2222");
    assertThat(inv.host("web-02").orElseThrow().expectMachineId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(inv.host("web-02").orElseThrow().vars()).doesNotContainKey("steady_expect_machine_id");
  }

  @Test
  void load_mapsAnsibleConnectionToHowSteadyReachesTheHost() {
    Inventory inv = load(dir, "hosts", """
        [mixed]
        a ansible_connection=ssh
        b ansible_connection=smart
        c ansible_connection=ansible.builtin.local
        d ansible_connection=community.docker.docker
        e ansible_connection=winrm
        f ansible_connection=paramiko
        g connection=local
        h
        """);

    assertThat(inv.hosts()).extracting(Host::connection)
        .containsExactly("ssh", "ssh", "local", "community.docker.docker", "winrm", "paramiko", "ssh", "ssh");
    assertThat(inv.hosts()).extracting(Host::hasSupportedConnection)
        .containsExactly(true, true, true, false, false, false, true, true);
    assertThat(inv.host("g").orElseThrow().vars()).isEmpty();
    assertThat(inv.warnings()).containsExactly("hosts:8: the variable 'connection' means nothing to Ansible; steady"
        + " ignores it (set ansible_connection to choose how a host is reached)");
  }

  @Test
  void load_reachesALocalhostTheInventoryNamesOverSsh_asAnsibleDoes() {
    Inventory inv = load(dir, "hosts", "[ops]\nlocalhost\n[ctl]\ncontroller ansible_connection=local\n");

    assertThat(inv.host("localhost").orElseThrow().isLocal()).isFalse();
    assertThat(inv.host("localhost").orElseThrow().connection()).isEqualTo("ssh");
    assertThat(inv.host("controller").orElseThrow().isLocal()).isTrue();
  }

  @Test
  void load_failsOnSshArgsThatWouldConnectElsewhere_butFollowsProxyJump() {
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-01\n[web:vars]\n"
            + "ansible_ssh_common_args='-o ProxyCommand=\"ssh -W %h:%p -q bastion\"'\n"),
        "hosts:4: ansible_ssh_common_args for host web-01 sets '-o ProxyCommand', which steady does not take from ssh"
            + " arguments, so it would connect elsewhere or as another user than Ansible: use ansible_host, ansible_port,"
            + " ansible_user, and proxy_jump or -J/ProxyJump for a bastion");
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-01 ansible_ssh_extra_args='-p 2222'\n"),
        "hosts:2: ansible_ssh_extra_args for host web-01 sets '-p 2222', which steady does not take from ssh arguments, so"
            + " it would connect elsewhere or as another user than Ansible: use ansible_host, ansible_port, ansible_user,"
            + " and proxy_jump or -J/ProxyJump for a bastion");
    assertThat(load(dir, "hosts", "[web]\nweb-01 ansible_ssh_common_args='-o ProxyJump=ops@gw -L 8080:localhost:80 -o ServerAliveInterval=30'\n")
        .host("web-01").orElseThrow().proxyJump()).isEqualTo("ops@gw");
  }

  @Test
  void load_failsOnAJinjaConnectionVariable() {
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-01 ansible_user=\"{{ lookup('env', 'USER') }}\"\n"),
        "hosts:2: ansible_user for host web-01 is a Jinja template ('{{ lookup('env', 'USER') }}'); steady does not"
            + " evaluate templates, and this variable decides where or how steady connects: write the value itself");
  }

  @Test
  void load_appliesGroupVarsWithChildOverParentAndHostOverAll() {
    Inventory inv = load(dir, "hosts", """
        [all:vars]
        ansible_user=ops
        tier=any
        color=grey

        [app:children]
        web

        [app:vars]
        tier=app
        color=blue
        ansible_port=2200

        [web]
        web-01 color=red
        web-02

        [web:vars]
        tier=web
        """);

    Host web1 = inv.host("web-01").orElseThrow();
    Host web2 = inv.host("web-02").orElseThrow();
    assertThat(web1.user()).isEqualTo("ops");
    assertThat(web1.port()).isEqualTo(2200);
    assertThat(web1.vars()).containsEntry("tier", "web").containsEntry("color", "red");
    assertThat(web2.vars()).containsEntry("tier", "web").containsEntry("color", "blue");
    assertThat(web1.groups()).containsExactly("app", "web");
    assertThat(inv.groups()).containsEntry("app", List.of("web-01", "web-02"));
  }

  @Test
  void load_expandsHostRanges() {
    Inventory inv = load(dir, "hosts", """
        [web]
        web-[01:03] ansible_user=ops
        [db]
        db-[a:c]
        [odd]
        n[1:7:3]
        """);

    assertThat(inv.groups().get("web")).containsExactly("web-01", "web-02", "web-03");
    assertThat(inv.groups().get("db")).containsExactly("db-a", "db-b", "db-c");
    assertThat(inv.groups().get("odd")).containsExactly("n1", "n4", "n7");
    assertThat(inv.host("web-02").orElseThrow().user()).isEqualTo("ops");
  }

  @Test
  void load_mergesAHostListedInSeveralGroups() {
    Inventory inv = load(dir, "hosts", "[web]\nweb-01 a=1\n[app]\nweb-01 b=2\n");

    Host web = inv.host("web-01").orElseThrow();
    assertThat(inv.hosts()).hasSize(1);
    assertThat(web.groups()).containsExactly("web", "app");
    assertThat(web.vars()).containsEntry("a", "1").containsEntry("b", "2");
  }

  @Test
  void load_keepsQuotedValuesWithSpaces() {
    Inventory inv = load(dir, "hosts", "[web]\nweb-01 motd=\"hello world\" note='it''s' # comment\n");

    assertThat(inv.host("web-01").orElseThrow().vars()).containsEntry("motd", "hello world").containsEntry("note", "its");
  }

  @Test
  void load_listsEmptyGroups() {
    Inventory inv = load(dir, "hosts", "[web]\nweb-01\n[db]\n");

    assertThat(inv.groups()).containsEntry("db", List.of());
  }

  @Test
  void load_failsOnTokenWithoutEquals() {
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-01 ansible_host=10.0.0.1 oops\n"),
        "hosts:2: expected key=value after host web-01, found 'oops'; write variables as name=value");
  }

  @Test
  void load_failsOnMalformedHeader() {
    assertBadInput(() -> load(dir, "hosts", "[web\nweb-01\n"),
        "hosts:1: malformed section header '[web'; write [group], [group:vars] or [group:children]");
  }

  @Test
  void load_failsOnUnknownSectionKind() {
    assertBadInput(() -> load(dir, "hosts", "[web:hosts]\nweb-01\n"),
        "hosts:1: unknown section kind ':hosts' in '[web:hosts]'; write [group], [group:vars] or [group:children]");
  }

  @Test
  void load_failsOnVarsLineWithoutEquals() {
    assertBadInput(() -> load(dir, "hosts", "[web:vars]\nansible_user ops\n"),
        "hosts:2: expected name=value in [web:vars], found 'ansible_user ops'; write one variable per line as name=value");
  }

  @Test
  void load_failsOnBadPortWithTheLineThatSetIt() {
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-01\n[web:vars]\nansible_port=ssh\n"),
        "hosts:4: ansible_port for host web-01 must be a number from 1 to 65535, found 'ssh'; fix the port");
  }

  @Test
  void load_failsOnUnterminatedQuote() {
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-01 motd=\"hello\n"),
        "hosts:2: unterminated \" quote; close the quote or remove it");
  }

  @Test
  void load_failsOnReversedRange() {
    assertBadInput(() -> load(dir, "hosts", "[web]\nweb-[03:01]\n"),
        "hosts:2: malformed host range 'web-[03:01]'; write it like web-[01:10] or db-[a:c] (start not after end)");
  }

  @Test
  void load_failsOnChildGroupCycle() {
    assertBadInput(() -> load(dir, "hosts", "[a:children]\nb\n[b:children]\na\n"),
        "hosts:4: groups form a cycle: a → b → a; remove one of those children entries");
  }

  @Test
  void load_failsOnTwoGroupsOnAChildrenLine() {
    assertBadInput(() -> load(dir, "hosts", "[a:children]\nb c\n"),
        "hosts:2: expected one group name per line in [a:children], found 'b c'; list child groups one per line");
  }

  @Test
  void load_mapsAnsibleBecomeVariables_withGroupVarsAndHostOverrides() {
    Inventory inv = load(dir, "hosts.ini", """
        [app]
        app-01
        app-02 ansible_become_user=deploy
        app-03 ansible_become=false
        app-04 ansible_become_method=su

        [app:vars]
        ansible_become=yes
        """);

    assertThat(inv.host("app-01").orElseThrow().become()).isEqualTo(new Become("root", "sudo", "hosts.ini:8"));
    assertThat(inv.host("app-02").orElseThrow().become().user()).isEqualTo("deploy");
    assertThat(inv.host("app-03").orElseThrow().become()).isNull();
    assertThat(inv.host("app-04").orElseThrow().become().method()).isEqualTo("su");
    assertThat(inv.host("app-01").orElseThrow().vars()).doesNotContainKeys("ansible_become", "ansible_become_user");
  }

  @Test
  void load_failsOnAnAnsibleBecomeThatIsNotABoolean() {
    assertBadInput(() -> load(dir, "hosts.ini", "app-01 ansible_become=sometimes\n"),
        "hosts.ini:1: ansible_become for host app-01 must be true or false, found 'sometimes'; fix it");
  }
}
