package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An inventory directory, as {@code ansible -i DIR} reads it, on layouts people keep. */
@Timeout(20)
class AnsibleDirectoryTest {

  @TempDir Path dir;

  private List<String> select(Inventory inv, String target) {
    return inv.select(target).stream().map(Host::name).toList();
  }

  /** The shape of kubespray's inventory/sample, copied to inventory/mycluster and filled in. */
  static Path kubespray(Path dir) {
    write(dir, "inventory.ini", """
        # kubespray: stacked etcd on the control plane, two workers
        [kube_control_plane]
        node1 ansible_host=95.54.0.12 ip=10.3.0.1 etcd_member_name=etcd1
        node2 ansible_host=95.54.0.13 ip=10.3.0.2 etcd_member_name=etcd2

        [etcd:children]
        kube_control_plane

        [kube_node]
        node3 ansible_host=95.54.0.14 ip=10.3.0.3
        node4 ansible_host=95.54.0.15 ip=10.3.0.4

        [k8s_cluster:children]
        kube_control_plane
        kube_node
        """);
    write(dir, "group_vars/all/all.yml", """
        ---
        ansible_user: ubuntu
        bin_dir: /usr/local/bin
        loadbalancer_apiserver_port: 6443
        """);
    write(dir, "group_vars/all/etcd.yml", "etcd_deployment_type: host\n");
    write(dir, "group_vars/k8s_cluster/k8s-cluster.yml", """
        kube_version: v1.30.4
        kube_config_dir: /etc/kubernetes
        kube_cert_dir: "{{ kube_config_dir }}/ssl"
        ansible_port: 2222
        """);
    write(dir, "group_vars/k8s_cluster/addons.yml", "helm_enabled: false\n");
    write(dir, "host_vars/node3.yml", "ansible_host: 10.99.0.3\nansible_user: admin\n");
    write(dir, "README.md", "node9 ansible_host=1.2.3.4\n");
    write(dir, "inventory.ini.orig", "[stale]\nnode0\n");
    write(dir, "hosts.retry", "node1\n");
    write(dir, ".git/config", "[core]\n");
    return dir;
  }

  @Test
  void load_readsAKubesprayInventoryDirectoryWithItsGroupVarsAndHostVars() {
    Inventory inv = Inventory.load(kubespray(dir), null);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("node1", "node2", "node3", "node4");
    Host node1 = inv.host("node1").orElseThrow();
    assertThat(node1.address()).isEqualTo("95.54.0.12");
    assertThat(node1.user()).isEqualTo("ubuntu");
    assertThat(node1.port()).isEqualTo(2222);
    assertThat(node1.groups()).containsExactly("kube_control_plane", "etcd", "k8s_cluster");
    assertThat(node1.vars()).containsEntry("kube_cert_dir", "{{ kube_config_dir }}/ssl")
        .containsEntry("etcd_deployment_type", "host").containsEntry("ip", "10.3.0.1");
    Host node3 = inv.host("node3").orElseThrow();
    assertThat(node3.address()).isEqualTo("10.99.0.3");
    assertThat(node3.user()).isEqualTo("admin");
    assertThat(select(inv, "etcd")).containsExactly("node1", "node2");
    assertThat(select(inv, "k8s_cluster:!etcd")).containsExactly("node3", "node4");
    assertThat(select(inv, "k8s_cluster[0]")).containsExactly("node1");
    assertThat(select(inv, "kube_node[-1]")).containsExactly("node4");
    assertThat(inv.groups()).containsOnlyKeys("kube_control_plane", "etcd", "kube_node", "k8s_cluster");
    assertThat(inv.warnings()).isEmpty();
  }

  @Test
  void load_readsK3sAnsibleInventoryYaml() {
    write(dir, "inventory.yml", """
        ---
        k3s_cluster:
          children:
            server:
              hosts:
                192.16.35.11:
            agent:
              hosts:
                192.16.35.12:
                192.16.35.13:

          # Required Vars
          vars:
            ansible_port: 22
            ansible_user: debian
            k3s_version: v1.30.2+k3s1
            token: "changeme!"
            api_endpoint: "{{ hostvars[groups['server'][0]]['ansible_host'] | default(groups['server'][0]) }}"
        """);

    Inventory inv = Inventory.load(dir, null);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("192.16.35.11", "192.16.35.12", "192.16.35.13");
    Host agent = inv.host("192.16.35.13").orElseThrow();
    assertThat(agent.address()).isEqualTo("192.16.35.13");
    assertThat(agent.user()).isEqualTo("debian");
    assertThat(agent.port()).isEqualTo(22);
    assertThat(agent.groups()).containsExactly("k3s_cluster", "agent");
    assertThat(agent.vars().get("api_endpoint")).startsWith("{{ hostvars[groups['server'][0]]");
    assertThat(select(inv, "server[0]")).containsExactly("192.16.35.11");
    assertThat(select(inv, "agent")).containsExactly("192.16.35.12", "192.16.35.13");
  }

  @Test
  void load_mergesEveryInventoryFileInLexicalOrder_andSkipsWhatAnsibleSkips() throws Exception {
    write(dir, "on-prem", """
        [dbservers]
        db-01 ansible_host=10.0.1.1

        [webservers]
        web-01 ansible_host=10.0.0.1
        """);
    write(dir, "parent-groups", """
        [servers:children]
        dbservers
        webservers

        [servers:vars]
        ansible_user=ops
        """);
    Path script = write(dir, "dynamic-inventory.sh", """
        #!/bin/sh
        cat <<'EOF'
        {"webservers": {"hosts": ["web-02"]}, "_meta": {"hostvars": {"web-02": {"ansible_host": "10.0.0.2"}}}}
        EOF
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    write(dir, "extra/cache.yml", "all:\n  hosts:\n    cache-01:\n      ansible_host: 10.0.2.1\n");
    write(dir, "extra/group_vars/all.yml", "ansible_user: never-read\n");
    write(dir, "notes.txt", "not-a-host\n");
    write(dir, "on-prem~", "[stale]\nold-01\n");
    write(dir, "ansible.cfg", "[defaults]\ninventory = .\n");
    write(dir, ".hidden", "[stale]\nhidden-01\n");

    Inventory inv = Inventory.load(dir, null);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("web-02", "cache-01", "db-01", "web-01");
    assertThat(inv.host("web-02").orElseThrow().address()).isEqualTo("10.0.0.2");
    assertThat(inv.host("web-02").orElseThrow().user()).isEqualTo("ops");
    assertThat(inv.host("cache-01").orElseThrow().user()).isNotEqualTo("never-read");
    assertThat(select(inv, "webservers")).containsExactly("web-02", "web-01");
    assertThat(select(inv, "ungrouped")).containsExactly("cache-01");
    assertThat(inv.warnings()).containsExactly("extra/group_vars is not read: Ansible reads group_vars and host_vars"
        + " only beside the inventory it was given (" + dir.resolve("group_vars") + ")");
  }

  @Test
  void load_failsWhenAFileNamesChildrenDeclaredOnlyInALaterFile() {
    write(dir, "00-parents", "[servers:children]\nwebservers\n");
    write(dir, "10-hosts", "[webservers]\nweb-01\n");

    assertBadInput(() -> Inventory.load(dir, null), "00-parents:2: [servers:children] names group 'webservers', which no"
        + " section declares; Ansible cannot parse this file either: add a [webservers] section or fix the name");
  }

  @Test
  void load_failsOnVarsOfAGroupNoSectionDeclares() {
    write(dir, "hosts", "[web]\nweb-01\n\n[webs:vars]\nansible_user=ops\n");

    assertBadInput(() -> Inventory.load(dir.resolve("hosts"), null), "hosts:4: [webs:vars] sets variables of group"
        + " 'webs', which no [webs] or [webs:children] section and no children list declares (did you mean 'web'?);"
        + " Ansible cannot parse this file either: declare the group or fix its name");
  }

  @Test
  void load_refusesInADirectoryWhatAnsibleWouldSkipThere() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "export.json", "{\"_meta\": {\"hostvars\": {}}, \"all\": {\"children\": [\"ungrouped\", \"web\"]},"
        + " \"web\": {\"hosts\": [\"web-09\"]}}\n");
    assertBadInput(() -> Inventory.load(dir, null), "export.json: the JSON of a dynamic inventory (as ansible-inventory"
        + " --list prints it); Ansible cannot read it as a file of an inventory directory and would skip it: move it out"
        + " and pass it alone with --inventory, or make it an executable script");

    write(dir, "export.json", "hosts:\n  web-09: {address: 10.0.0.9}\n");
    assertBadInput(() -> Inventory.load(dir, null), "export.json: a steady YAML or ssh-config inventory, not an Ansible"
        + " one; Ansible would skip it in an inventory directory: move it out of the directory, or pass it alone with"
        + " --inventory");
  }

  @Test
  void load_refusesInventoryPluginConfigurationsAndToml() {
    write(dir, "openstack.yml", "plugin: openstack.cloud.openstack\nexpand_hostvars: true\n");
    assertBadInput(() -> Inventory.load(dir, null), "openstack.yml:1: an Ansible inventory plugin configuration (plugin:"
        + " openstack.cloud.openstack); steady cannot run inventory plugins: write the hosts out with `ansible-inventory"
        + " -i openstack.yml --list > hosts.json` and pass that file with --inventory");

    Path toml = write(dir.resolve("t"), "hosts.toml", "[web.hosts]\nweb-01 = {}\n");
    assertBadInput(() -> Inventory.load(toml, null), "hosts.toml: steady does not read TOML inventories; convert it to"
        + " YAML with `ansible-inventory -i hosts.toml --list --yaml`");
  }

  @Test
  void load_readsIniFilesInADirectoryAsAnsibleCore219Does() {
    write(dir, "hosts.ini", "[web]\nweb-01\n");
    write(dir, "more.yaml", "db:\n  hosts:\n    db-01:\n");

    assertThat(Inventory.load(dir, null).hosts()).extracting(Host::name).containsExactly("web-01", "db-01");
  }
}
