package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ansible inventories as users keep them, through the CLI: directories, group_vars, scripts. */
@Timeout(60)
class InventoryCliTest {

  static final List<String> NAMES = List.of("web-01", "web-02");
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  CliFleet cli;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    cli = CliFleet.in(fleet, work);
    for (EmbeddedHost h : fleet.hosts()) {
      h.setHostname(h.name());
    }
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  static Path executable(Path dir, String name, String text) throws IOException {
    Path file = write(dir, name, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void inventoryList_json_readsAKubesprayDirectoryWithItsGroupVarsAndHostVars() throws Exception {
    Path inv = work.resolve("inventory/mycluster");
    write(inv, "inventory.ini", """
        [kube_control_plane]
        node1 ansible_host=95.54.0.12 ip=10.3.0.1 etcd_member_name=etcd1

        [etcd:children]
        kube_control_plane

        [kube_node]
        node2 ansible_host=95.54.0.13 ip=10.3.0.2
        node3 ansible_host=95.54.0.14 ip=10.3.0.3

        [k8s_cluster:children]
        kube_control_plane
        kube_node
        """);
    write(inv, "group_vars/all/all.yml", "ansible_user: ubuntu\nbin_dir: /usr/local/bin\n");
    write(inv, "group_vars/all/secrets.yml", "registry_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3632\n");
    write(inv, "group_vars/k8s_cluster/k8s-cluster.yml", "kube_version: v1.30.4\nansible_port: 2222\n");
    write(inv, "group_vars/kube_control_plane.yml", "ansible_port: 2379\n");
    write(inv, "host_vars/node3.yml", "ansible_host: 10.99.0.3\nansible_user: admin\n");

    Cli.Result r = cli.withInventory(inv).steady("inventory", "list", "--json");

    assertThat(r.status()).as(r.toString()).isZero();
    JsonNode hosts = new ObjectMapper().readTree(r.out()).get("hosts");
    assertThat(hosts).hasSize(3);
    assertThat(hosts.findValuesAsText("name")).containsExactly("node1", "node2", "node3");
    assertThat(hosts.findValuesAsText("user")).containsExactly("ubuntu", "ubuntu", "admin");
    assertThat(hosts.findValues("port")).extracting(JsonNode::asInt).containsExactly(2379, 2222, 2222);
    assertThat(hosts.findValuesAsText("address")).containsExactly("95.54.0.12", "95.54.0.13", "10.99.0.3");
    assertThat(hosts.findValuesAsText("connection")).containsOnly("ssh");
    assertThat(hosts.get(0).get("vars").get("kube_version").asText()).isEqualTo("v1.30.4");
    assertThat(r.err()).isEqualTo("steady: warning: group_vars/all/secrets.yml:1: registry_password is encrypted with"
        + " Ansible Vault; steady cannot decrypt it and leaves it out (it is not a connection variable)\n");
  }

  @Test
  void inventoryList_failsNamingFileAndLineOfATemplatedConnectionVariable() throws Exception {
    Path inv = work.resolve("k3s");
    write(inv, "inventory.yml", """
        k3s_cluster:
          children:
            server:
              hosts:
                192.16.35.11:
          vars:
            ansible_user: "{{ lookup('env', 'K3S_USER') }}"
        """);

    Cli.Result r = cli.withInventory(inv).steady("inventory", "list");

    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("steady: inventory.yml:7: ansible_user for host 192.16.35.11 is a Jinja template"
        + " ('{{ lookup('env', 'K3S_USER') }}'); steady does not evaluate templates, and this variable decides where or"
        + " how steady connects: write the value itself\n");
  }

  @Test
  void exec_throughADynamicInventoryScript_runsOnTheRealHostsItNames() throws Exception {
    Path script = executable(work, "ec2.sh", "#!/bin/sh\n[ \"$1\" = --list ] || exit 9\ncat <<'EOF'\n" + listJson("ssh") + "\nEOF\n");

    Cli.Result r = cli.withInventory(script).steady("exec", "web", "--", "hostname");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).containsSubsequence("── web-01", "web-01\n", "── web-02", "web-02\n", "2 hosts: 2 ok");
  }

  @Test
  void exec_refusesAHostWhoseAnsibleConnectionIsNotSsh_andSendsItNothing() throws Exception {
    Path script = executable(work, "mixed.sh", "#!/bin/sh\ncat <<'EOF'\n" + listJson("community.docker.docker") + "\nEOF\n");
    int before = fleet.host("web-02").commandsRun().size();

    Cli.Result listed = cli.withInventory(script).steady("inventory", "list");
    Cli.Result r = cli.withInventory(script).steady("exec", "all", "--", "touch", "conn-ran");

    assertThat(listed.out()).contains("community.docker.docker");
    assertThat(r.status()).as(r.toString()).isEqualTo(4);
    assertThat(r.out()).contains("refused: web-02 is reached with ansible_connection=community.docker.docker"
        + " (mixed.sh --list:1), which steady does not speak (only ssh and local); nothing was sent to it")
        .contains("2 hosts: 1 ok, 0 failed, 1 refused, 0 unreachable");
    assertThat(fleet.host("web-02").commandsRun()).hasSize(before);
    assertThat(fleet.host("web-02").root().resolve("conn-ran")).doesNotExist();
    assertThat(fleet.host("web-01").root().resolve("conn-ran")).exists();
  }

  @Test
  void exec_refusesATargetAnsibleReadsAsASubscript_beforeTouchingAHost() throws Exception {
    Path script = executable(work, "ec2.sh", "#!/bin/sh\ncat <<'EOF'\n" + listJson("ssh") + "\nEOF\n");

    Cli.Result r = cli.withInventory(script).steady("exec", "web-0[1:2]", "--", "touch", "range-ran");

    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("steady: 'web-0[1:2]' in target 'web-0[1:2]' selects nothing: Ansible reads the"
        + " trailing [..] as a subscript of a group or host named 'web-0', and ec2.sh has none; a subscript is not a host"
        + " range: name the hosts (a,b,c) or use a regex such as ~web-0[0-9]+$\n");
    fleet.hosts().forEach(h -> assertThat(h.root().resolve("range-ran")).doesNotExist());
  }

  @Test
  void inventoryList_failsWithTheExitStatusAndStderrOfAFailingScript() throws Exception {
    Path script = executable(work, "ec2.sh", "#!/bin/sh\necho '{}'\necho 'botocore: token expired' >&2\nexit 255\n");

    Cli.Result r = cli.withInventory(script).steady("inventory", "list");

    assertThat(r.status()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("steady: inventory script ec2.sh --list failed with exit status 255: botocore: token"
        + " expired; nothing was read from it: run it by hand to see why\n");
  }

  /** The fleet as a script's --list JSON, web-02 reached with {@code web02Connection}. */
  private static String listJson(String web02Connection) {
    String key = fleet.clientKey().toAbsolutePath().toString();
    EmbeddedHost w1 = fleet.host("web-01");
    EmbeddedHost w2 = fleet.host("web-02");
    return "{\"web\": {\"hosts\": [\"web-01\", \"web-02\"], \"vars\": {\"ansible_user\": \"" + EmbeddedHost.USER
        + "\", \"ansible_ssh_private_key_file\": \"" + key + "\", \"env\": \"staging\"}},"
        + " \"_meta\": {\"hostvars\": {"
        + "\"web-01\": {\"ansible_host\": \"" + w1.address() + "\", \"ansible_port\": " + w1.port() + "},"
        + "\"web-02\": {\"ansible_host\": \"" + w2.address() + "\", \"ansible_port\": " + w2.port()
        + ", \"ansible_connection\": \"" + web02Connection + "\"}}}}";
  }
}
