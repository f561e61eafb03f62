package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic inventories: an executable run with --list, and the JSON it prints kept in a file. */
@Timeout(30)
class AnsibleScriptTest {

  @TempDir Path dir;

  static Path script(Path dir, String name, String body) {
    Path file = write(dir, name, "#!/bin/sh\n" + body);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static String json(String text) {
    return "[ \"$1\" = --list ] || { echo \"unexpected: $*\" >&2; exit 9; }\ncat <<'EOF'\n" + text + "\nEOF\n";
  }

  @Test
  void load_runsAnExecutableWithListAndReadsGroupsChildrenVarsAndHostvars() {
    Path ec2 = script(dir, "ec2.py", json("""
        {
          "web": {"hosts": ["web-01", "web-02"], "vars": {"ansible_user": "ec2-user", "tier": "web"}},
          "app": {"children": ["web"], "vars": {"ansible_port": 2222}},
          "db": ["db-01"],
          "bastion": {"ansible_host": "203.0.113.5"},
          "_meta": {"hostvars": {
            "web-01": {"ansible_host": "10.0.0.11"},
            "db-01": {"ansible_host": "10.0.1.5", "ansible_user": "postgres"}
          }}
        }"""));
    write(dir, "group_vars/db.yml", "ansible_port: 5022\n");

    Inventory inv = Inventory.load(ec2, null);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("web-01", "web-02", "db-01", "bastion");
    Host web1 = inv.host("web-01").orElseThrow();
    assertThat(web1.address()).isEqualTo("10.0.0.11");
    assertThat(web1.user()).isEqualTo("ec2-user");
    assertThat(web1.port()).isEqualTo(2222);
    assertThat(web1.groups()).containsExactly("web", "app");
    assertThat(web1.source()).isEqualTo("ec2.py --list:2");
    Host db = inv.host("db-01").orElseThrow();
    assertThat(db.user()).isEqualTo("postgres");
    assertThat(db.port()).as("group_vars beside the script").isEqualTo(5022);
    assertThat(inv.host("bastion").orElseThrow().address()).as("a group of bare vars is a host of its name")
        .isEqualTo("203.0.113.5");
    assertThat(inv.select("app").stream().map(Host::name).toList()).containsExactly("web-01", "web-02");
  }

  @Test
  void load_asksEachHostWithHostWhenTheListHasNoMeta() {
    Path sh = script(dir, "inventory.sh", """
        case "$1" in
          --list) echo '{"web": {"hosts": ["web-01", "web-02"]}}' ;;
          --host) [ "$2" = web-01 ] && echo '{"ansible_host": "10.0.0.11"}' ;;
          *) exit 9 ;;
        esac
        exit 0
        """);

    Inventory inv = Inventory.load(sh, null);

    assertThat(inv.host("web-01").orElseThrow().address()).isEqualTo("10.0.0.11");
    assertThat(inv.host("web-02").orElseThrow().address()).isEqualTo("web-02");
  }

  @Test
  void load_failsWithTheExitStatusAndFirstStderrLineOfAFailingScript() {
    Path inv = script(dir, "ec2.py", "echo '{\"web\": [\"half-read\"]}'\necho\necho 'ERROR: credentials expired' >&2\n"
        + "echo 'second line' >&2\nexit 3\n");

    assertBadInput(() -> Inventory.load(inv, null), "inventory script ec2.py --list failed with exit status 3: ERROR:"
        + " credentials expired; nothing was read from it: run it by hand to see why");
  }

  @Test
  void load_stopsAScriptThatDoesNotAnswerInTime() {
    Path inv = script(dir, "slow.sh", "echo '{\"web\": [\"web-01\"]}'\nsleep 30\n");
    long start = System.nanoTime();

    assertBadInput(() -> Inventory.load(inv, null, Duration.ofMillis(500)), "inventory script slow.sh --list did not"
        + " finish within 500ms and was stopped; nothing was read from it: run it by hand to see where it waits");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void load_failsOnOutputThatIsNoJsonObject() {
    Path inv = script(dir, "broken.sh", "echo 'web-01 web-02'\n");

    assertBadInput(() -> Inventory.load(inv, null), "inventory script broken.sh --list printed no valid JSON (line 1,"
        + " column 4: Unrecognized token 'web': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
        + " 'false')); Ansible reads only JSON from a script: fix the script");
    Path yaml = script(dir, "yaml.sh", "echo 'web: [web-01]'\n");
    assertBadInput(() -> Inventory.load(yaml, null), "inventory script yaml.sh --list printed no valid JSON (line 1,"
        + " column 4: Unrecognized token 'web': was expecting (JSON String, Number, Array, Object or token 'null', 'true'"
        + " or 'false')); Ansible reads only JSON from a script: fix the script");
    Path array = script(dir, "array.sh", "echo '[\"web-01\"]'\n");
    assertBadInput(() -> Inventory.load(array, null), "inventory script array.sh --list printed a list, not a JSON object"
        + " of groups; fix the script");

    Path list = script(dir, "list.sh", "echo '{\"web\": {\"hosts\": \"web-01\"}}'\n");
    assertBadInput(() -> Inventory.load(list, null), "list.sh --list:1: hosts of group web must be a list of host names,"
        + " found 'web-01'; Ansible refuses it too");
  }

  @Test
  void load_refusesAShebangFileThatIsNotExecutable() {
    Path inv = write(dir, "ec2.py", "#!/usr/bin/env python3\nprint('{}')\n");

    assertBadInput(() -> Inventory.load(inv, null), "ec2.py starts with #! but is not executable; Ansible would try to"
        + " run it as a dynamic inventory and fail: make it executable (chmod +x ec2.py) or remove the #! line");
  }

  @Test
  void load_readsAnExecutableTextFileWithoutShebangAsAFile_asAnsibleFallsBackToDo() throws IOException {
    Path inv = write(dir, "hosts", "[web]\nweb-01\n");
    Files.setPosixFilePermissions(inv, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(Inventory.load(inv, null).hosts()).extracting(Host::name).containsExactly("web-01");
  }

  @Test
  void load_readsTheJsonOfAnsibleInventoryList() {
    Path file = write(dir, "hosts.json", """
        {
            "_meta": {
                "hostvars": {
                    "db-01": {"ansible_host": "10.0.1.5", "secret": {"__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256\\n6231"}},
                    "web-01": {"ansible_host": "10.0.0.11", "motd": {"__ansible_unsafe": "{{ not a template }}"}}
                }
            },
            "all": {"children": ["ungrouped", "web"]},
            "ungrouped": {"hosts": ["db-01"]},
            "web": {"hosts": ["web-01"], "vars": {"ansible_user": "deploy"}}
        }
        """);

    Inventory inv = Inventory.load(file, null);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("db-01", "web-01");
    assertThat(inv.host("web-01").orElseThrow().user()).isEqualTo("deploy");
    assertThat(inv.host("web-01").orElseThrow().vars()).containsEntry("motd", "{{ not a template }}");
    assertThat(inv.host("db-01").orElseThrow().vars()).doesNotContainKey("secret");
    assertThat(inv.select("ungrouped")).extracting(Host::name).containsExactly("db-01");
    assertThat(inv.warnings()).containsExactly("hosts.json:4: secret is encrypted with Ansible Vault; steady cannot"
        + " decrypt it and leaves it out (it is not a connection variable)");
  }

  @Test
  void load_neverKeepsPartOfAnInventoryWhoseScriptFails() {
    write(dir, "inv/hosts", "[web]\nweb-01\n");
    script(dir.resolve("inv"), "zz-cloud.sh", "echo '{\"cloud\": [\"c-01\"]}'\nexit 1\n");

    assertBadInput(() -> Inventory.load(dir.resolve("inv"), null), "inventory script zz-cloud.sh --list failed with exit"
        + " status 1: (nothing on stderr); nothing was read from it: run it by hand to see why");
    assertThat(List.of(dir.resolve("inv/hosts"))).allMatch(Files::exists);
  }
}
