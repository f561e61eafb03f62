package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class AnsibleYamlTest {

  @TempDir Path dir;

  @Test
  void load_readsGroupsChildrenAndVarsWithAnsiblePrecedence() {
    Inventory inv = load(dir, "hosts.yml", """
        all:
          vars:
            ansible_user: ops
            tier: any
          hosts:
            bastion-01:
              ansible_host: 203.0.113.5
          children:
            app:
              vars: {tier: app, ansible_port: 2200}
              children:
                web:
                  vars: {tier: web}
                  hosts:
                    web-01: {ansible_host: 10.0.0.11, tier: mine}
                    web-02:
            db:
              hosts:
                db-[01:02]:
                  ansible_connection: local
        """);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("bastion-01", "web-01", "web-02", "db-01", "db-02");
    Host web1 = inv.host("web-01").orElseThrow();
    assertThat(web1.address()).isEqualTo("10.0.0.11");
    assertThat(web1.user()).isEqualTo("ops");
    assertThat(web1.port()).isEqualTo(2200);
    assertThat(web1.vars()).containsEntry("tier", "mine");
    assertThat(inv.host("web-02").orElseThrow().vars()).containsEntry("tier", "web");
    assertThat(inv.host("bastion-01").orElseThrow().vars()).containsEntry("tier", "any");
    assertThat(inv.host("db-02").orElseThrow().isLocal()).isTrue();
    assertThat(inv.groups()).containsEntry("app", List.of("web-01", "web-02"))
        .containsEntry("web", List.of("web-01", "web-02"))
        .containsEntry("db", List.of("db-01", "db-02"))
        .doesNotContainKey("all");
    assertThat(web1.source()).isEqualTo("hosts.yml:15");
  }

  @Test
  void load_acceptsTopLevelGroupsOtherThanAll() {
    Inventory inv = load(dir, "inv.yaml", "web:\n  hosts:\n    web-01:\n    web-02:\n");

    assertThat(inv.groups()).containsEntry("web", List.of("web-01", "web-02"));
  }

  @Test
  void load_keepsComplexVarsAsText() {
    Inventory inv = load(dir, "inv.yaml", "all:\n  hosts:\n    a:\n      pkgs: [nginx, curl]\n");

    assertThat(inv.host("a").orElseThrow().vars()).containsEntry("pkgs", "[nginx, curl]");
  }

  @Test
  void load_failsOnMisspelledGroupKey() {
    assertBadInput(() -> load(dir, "inv.yaml", "all:\n  children:\n    web:\n      hostz:\n        web-01:\n"),
        "inv.yaml:4: unknown field 'hostz' in group web (did you mean 'hosts'?)");
  }

  @Test
  void load_failsWhenHostsIsAList() {
    assertBadInput(() -> load(dir, "inv.yaml", "all:\n  hosts:\n    - web-01\n"),
        "inv.yaml:3: hosts of group all must be a mapping (key: value), found a list");
  }

  @Test
  void load_failsOnBadAnsiblePort() {
    assertBadInput(() -> load(dir, "inv.yaml", "all:\n  hosts:\n    a:\n      ansible_port: twenty\n"),
        "inv.yaml:4: ansible_port for host a must be a number from 1 to 65535, found 'twenty'; fix the port");
  }
}
