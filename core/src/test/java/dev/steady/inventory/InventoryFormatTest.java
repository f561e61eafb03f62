package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.load;
import static dev.steady.inventory.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class InventoryFormatTest {

  @TempDir Path dir;

  @Test
  void load_detectsFormatFromContentNotExtension() {
    assertThat(load(dir, "a.ini", "hosts:\n  web-01: {address: 10.0.0.1}\n").hosts()).hasSize(1);
    assertThat(load(dir, "b.yaml", "[web]\nweb-01 ansible_host=10.0.0.1\n").groups()).containsKey("web");
    assertThat(load(dir, "c.txt", "all:\n  hosts:\n    web-01:\n").hosts()).hasSize(1);
    assertThat(load(dir, "d.yaml", "Host web-01\n  HostName 10.0.0.1\n").host("web-01").orElseThrow().address())
        .isEqualTo("10.0.0.1");
    assertThat(load(dir, "e", "web-01\nweb-02\n").hosts()).extracting(Host::name).containsExactly("web-01", "web-02");
    assertThat(load(dir, "f.json", "{\"hosts\": {\"web-01\": {\"port\": 2222}}}").hosts().get(0).port()).isEqualTo(2222);
    assertThat(load(dir, "g", "---\n# comment\ndefaults: {user: ops}\nhosts: {a: }\n").hosts()).hasSize(1);
    assertThat(load(dir, "h", "ServerAliveInterval 30\nHost web-01\n").hosts()).hasSize(1);
  }

  @Test
  void load_failsOnMissingFile() {
    Path missing = dir.resolve("inventory.yaml");

    assertBadInput(() -> Inventory.load(missing, null),
        "inventory not found: " + missing + "; pass --inventory FILE or create ./inventory.yaml");
  }

  @Test
  void load_failsOnDirectoryWithoutInventoryFiles() {
    write(dir, "README.md", "# hosts\n");
    write(dir, "group_vars/all.yml", "ansible_user: ops\n");

    assertBadInput(() -> Inventory.load(dir, null),
        "inventory directory " + dir + " has no inventory file (Ansible skips hidden files, group_vars, host_vars and"
            + " .pyc .pyo .swp .bak ~ .rpm .md .txt .rst .orig .cfg .retry); add one or pass --inventory FILE");
  }

  @Test
  void load_failsOnUnreadableFile() throws Exception {
    Path file = write(dir, "inventory.yaml", "hosts: {a: }\n");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});

    assertBadInput(() -> Inventory.load(file, null),
        "cannot read inventory " + file + ": not UTF-8 text; save it as UTF-8");
  }

  @Test
  void load_failsOnAVaultEncryptedInventory() {
    assertBadInput(() -> load(dir, "hosts.yml", "$ANSIBLE_VAULT;1.1;AES256\n3061393464336163\n"),
        "hosts.yml:1: encrypted with Ansible Vault; steady cannot decrypt an inventory: keep hosts and connection"
            + " variables in plain text and encrypt only secret values (ansible-vault encrypt_string)");
  }

  @Test
  void load_failsOnEmptyFile() {
    assertBadInput(() -> load(dir, "inventory.yaml", "\n# only a comment\n\n"),
        "inventory.yaml:1: the inventory is empty; add hosts, e.g. hosts: {web-01: {address: 10.0.0.11}}");
  }

  @Test
  void load_failsOnYamlThatIsNoInventory() {
    assertBadInput(() -> load(dir, "pom.yaml", "name: steady\nversion: 1\n"),
        "pom.yaml: not a steady/Ansible/ssh-config inventory; write steady YAML (hosts: {web-01: "
            + "{address: 10.0.0.11}}), an Ansible INI or YAML inventory, or an ssh config");
  }

  @Test
  void load_failsOnYamlListAsNoInventory() {
    assertBadInput(() -> load(dir, "list.yaml", "---\n- web-01\n- web-02\n"),
        "list.yaml: not a steady/Ansible/ssh-config inventory; write steady YAML (hosts: {web-01: "
            + "{address: 10.0.0.11}}), an Ansible INI or YAML inventory, or an ssh config");
  }

  @Test
  void load_suggestsTopLevelFieldForNearMiss() {
    assertBadInput(() -> load(dir, "inventory.yaml", "host:\n  web-01: {}\n"),
        "inventory.yaml:1: unknown field 'host' at the top level (did you mean 'hosts'?)");
  }
}
