package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** group_vars/ and host_vars/ beside an Ansible inventory, with Ansible's precedence. */
@Timeout(10)
class AnsibleGroupVarsTest {

  @TempDir Path dir;

  private Inventory load(String name) {
    return Inventory.load(dir.resolve(name), null);
  }

  @Test
  void load_appliesGroupVarsAndHostVarsWithAnsiblePrecedence() {
    write(dir, "hosts", """
        [all:vars]
        ansible_user=ini-all
        level=ini-all

        [app:children]
        web

        [app:vars]
        level=ini-app

        [web]
        web-01 ansible_host=10.0.0.1 level=ini-host
        web-02 ansible_host=10.0.0.2

        [web:vars]
        level=ini-web
        tier=ini-web
        """);
    write(dir, "group_vars/all.yml", "ansible_user: gv-all\nlevel: gv-all\n");
    write(dir, "group_vars/app.yaml", "level: gv-app\ntier: gv-app\n");
    write(dir, "group_vars/web/10-base.yml", "level: gv-web\nansible_port: 2201\n");
    write(dir, "group_vars/web/20-later.json", "{\"ansible_port\": 2202}\n");
    write(dir, "host_vars/web-02", "ansible_host: 10.9.9.2\n");

    Inventory inv = load("hosts");

    Host web1 = inv.host("web-01").orElseThrow();
    Host web2 = inv.host("web-02").orElseThrow();
    assertThat(web1.user()).as("group_vars/all over the inventory's [all:vars]").isEqualTo("gv-all");
    assertThat(web1.vars()).as("the inventory's host vars over any group_vars").containsEntry("level", "ini-host");
    assertThat(web2.vars()).as("group_vars/web over group_vars/app and over the inventory's [web:vars]")
        .containsEntry("level", "gv-web")
        .as("any group_vars file, even a parent's, over the inventory's vars of a child group")
        .containsEntry("tier", "gv-app");
    assertThat(web1.port()).as("files of a group_vars directory in lexical order, later wins").isEqualTo(2202);
    assertThat(web2.address()).as("host_vars over the inventory's host vars").isEqualTo("10.9.9.2");
    assertThat(web1.address()).isEqualTo("10.0.0.1");
    assertThat(inv.warnings()).isEmpty();
  }

  @Test
  void load_ordersSiblingGroupsByNameThenAnsibleGroupPriority() {
    write(dir, "inv.yml", """
        all:
          children:
            alpha:
              hosts: {h1: {}}
              vars: {ansible_user: alpha}
            beta:
              hosts: {h1: {}, h2: {}}
              vars: {ansible_user: beta}
            gamma:
              hosts: {h2: {}}
              vars: {ansible_user: gamma, ansible_group_priority: 0}
        """);
    write(dir, "group_vars/alpha.yml", "ansible_port: 2201\nansible_group_priority: 99\n");
    write(dir, "group_vars/beta.yml", "ansible_port: 2202\n");

    Inventory inv = load("inv.yml");

    Host h1 = inv.host("h1").orElseThrow();
    Host h2 = inv.host("h2").orElseThrow();
    assertThat(h1.user()).as("same depth and priority: the later name wins").isEqualTo("beta");
    assertThat(h1.port()).isEqualTo(2202);
    assertThat(h2.user()).as("priority 0 sorts gamma before beta (default 1)").isEqualTo("beta");
    assertThat(h2.vars()).doesNotContainKey("ansible_group_priority");
    assertThat(inv.warnings()).as("alpha's priority in group_vars changes nothing").containsExactly(
        "group_vars/alpha.yml:2: ansible_group_priority has no effect in a variables file; Ansible reads it only from"
            + " the inventory itself ([group:vars], vars:), and so does steady");
  }

  @Test
  void load_readsOnlyTheFirstOfNameAndItsExtensions_andWarnsOfTheOthers() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "group_vars/web/main.yml", "ansible_user: from-dir\n");
    write(dir, "group_vars/web.yml", "ansible_user: from-file\n");
    write(dir, "group_vars/wbe.yml", "ansible_user: typo\n");
    write(dir, "group_vars/web/notes.md", "ansible_user: markdown\n");
    write(dir, "group_vars/web/.hidden.yml", "ansible_user: hidden\n");
    write(dir, "group_vars/web/main.yml~", "ansible_user: backup\n");

    Inventory inv = load("hosts");

    assertThat(inv.host("web-01").orElseThrow().user()).isEqualTo("from-dir");
    assertThat(inv.warnings()).containsExactly(
        "group_vars/wbe.yml is not read: the inventory has no group 'wbe'",
        "group_vars/web.yml is not read: group_vars/web comes first, and Ansible reads only one of NAME, NAME.yml,"
            + " NAME.yaml, NAME.json");
  }

  @Test
  void load_leavesOutAVaultedValueThatIsNoConnectionVariable_andSaysSoOnce() {
    write(dir, "hosts", "[web]\nweb-01\nweb-02\n");
    write(dir, "group_vars/web.yml", """
        ansible_user: deploy
        db_password: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          62313365396662343061393464336163383764373764613633653634306231386433626436623361
        """);

    Inventory inv = load("hosts");

    assertThat(inv.host("web-01").orElseThrow().vars()).doesNotContainKey("db_password");
    assertThat(inv.host("web-02").orElseThrow().user()).isEqualTo("deploy");
    assertThat(inv.warnings()).containsExactly("group_vars/web.yml:2: db_password is encrypted with Ansible Vault;"
        + " steady cannot decrypt it and leaves it out (it is not a connection variable)");
  }

  @Test
  void load_failsOnAVaultedConnectionVariable() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "host_vars/web-01.yml", "ansible_port: 22\nansible_user: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231\n");

    assertBadInput(() -> load("hosts"), "host_vars/web-01.yml:2: ansible_user for host web-01 is encrypted with Ansible"
        + " Vault; steady cannot decrypt it, and it decides where or how steady connects: write this connection variable"
        + " in plain text");
  }

  @Test
  void load_failsOnAVaultEncryptedVariablesFile() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "group_vars/all/vault.yml", "$ANSIBLE_VAULT;1.1;AES256\n62313365396662343061393464336163\n");

    assertBadInput(() -> load("hosts"), "group_vars/all/vault.yml:1: encrypted with Ansible Vault; steady cannot decrypt"
        + " it, so it cannot tell whether it sets a connection variable (ansible_host, ansible_user, ansible_port…):"
        + " encrypt only the secret values (ansible-vault encrypt_string, written !vault), which steady leaves out, and"
        + " keep the rest in plain text");
  }

  @Test
  void load_failsOnMalformedVariablesFileNamingItsLine() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "host_vars/web-01.yml", "ansible_port: 22\n  ansible_user: [ops\n");

    assertBadInput(() -> load("hosts"), "host_vars/web-01.yml:2: malformed YAML: mapping values are not allowed here;"
        + " fix the syntax (indentation, colons, quotes)");
  }

  @Test
  void load_failsOnAVariablesFileThatIsNoMapping() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "group_vars/web.yml", "- ansible_user: ops\n");

    assertBadInput(() -> load("hosts"), "group_vars/web.yml:1: variables must be a mapping of names to values, found a"
        + " list; write name: value lines");
  }

  @Test
  void load_failsOnAJinjaConnectionVariableNamingFileAndLine_butKeepsJinjaElsewhere() {
    write(dir, "hosts", "[web]\nweb-01 motd=\"{{ inventory_hostname }} says hi\"\n");
    write(dir, "group_vars/web.yml", "http_port: 80\nansible_host: \"{{ hostvars['bastion']['ansible_host'] }}\"\n");

    assertBadInput(() -> load("hosts"), "group_vars/web.yml:2: ansible_host for host web-01 is a Jinja template"
        + " ('{{ hostvars['bastion']['ansible_host'] }}'); steady does not evaluate templates, and this variable decides"
        + " where or how steady connects: write the value itself");

    write(dir, "host_vars/web-01.yml", "ansible_host: 10.0.0.1\n");
    Host web = load("hosts").host("web-01").orElseThrow();
    assertThat(web.address()).as("a template that loses to a plain value is never used").isEqualTo("10.0.0.1");
    assertThat(web.vars()).containsEntry("motd", "{{ inventory_hostname }} says hi");
  }

  @Test
  void load_keepsAnUnsafeValueAsText() {
    write(dir, "hosts", "[web]\nweb-01\n");
    write(dir, "host_vars/web-01.yml", "ansible_user: !unsafe 'ops{{x}}'\n");

    assertThat(load("hosts").host("web-01").orElseThrow().user()).isEqualTo("ops{{x}}");
  }

  @Test
  void load_failsOnTwoSpellingsOfAConnectionVariableWithDifferentValues() {
    write(dir, "hosts", "[web]\nweb-01 ansible_host=10.0.0.1\n");
    write(dir, "group_vars/all.yml", "ansible_ssh_host: 10.0.0.99\n");

    assertBadInput(() -> load("hosts"), "group_vars/all.yml:1: ansible_ssh_host for host web-01 is '10.0.0.99' but"
        + " ansible_host (hosts:2) is '10.0.0.1'; Ansible would use ansible_ssh_host: keep one of the two spellings");
  }
}
