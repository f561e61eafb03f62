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
class SteadyYamlTest {

  @TempDir Path dir;

  private static final String DESIGN_EXAMPLE = """
      defaults: {user: ops, port: 22, identity_file: ~/.ssh/id_ed25519, env: production}
      hosts:
        web-01: {address: 10.0.0.11, groups: [app, web]}
        web-02: {address: 10.0.0.12, groups: [app, web], expect_hostname: web-02.prod.example}
        batch-01: {address: 10.0.1.5, port: 2222, env: staging, vars: {app_dir: /srv/batch}}
      """;

  @Test
  void load_readsTheDesignExampleInFileOrder() {
    Inventory inv = load(dir, "inventory.yaml", DESIGN_EXAMPLE);

    assertThat(inv.hosts()).extracting(Host::name).containsExactly("web-01", "web-02", "batch-01");
    assertThat(inv.host("web-01")).contains(new Host("web-01", "10.0.0.11", 22, "ops", "~/.ssh/id_ed25519",
        List.of("app", "web"), Map.of(), "production", null, null, "inventory.yaml:3"));
    Host batch = inv.host("batch-01").orElseThrow();
    assertThat(batch.port()).isEqualTo(2222);
    assertThat(batch.env()).isEqualTo("staging");
    assertThat(batch.vars()).containsEntry("app_dir", "/srv/batch");
    assertThat(inv.host("web-02").orElseThrow().expectedHostname()).isEqualTo("web-02.prod.example");
    assertThat(inv.groups()).containsExactly(
        Map.entry("app", List.of("web-01", "web-02")), Map.entry("web", List.of("web-01", "web-02")));
    assertThat(inv.source()).isEqualTo(dir.resolve("inventory.yaml"));
  }

  @Test
  void load_readsExpectMachineId_inLowerCase() {
    Inventory inv = load(dir, "inventory.yaml", "hosts:\n  web-01: {expect_machine_id: 0123456789ABCDEF0123456789abcdef}\n");

    assertThat(inv.host("web-01").orElseThrow().expectMachineId()).isEqualTo("0123456789abcdef0123456789abcdef");
  }

  @Test
  void load_failsOnAMalformedMachineId_namingTheLine() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    expect_machine_id: web-01\n"),
        "inventory.yaml:3: expect_machine_id for host web-01 must be 32 hexadecimal digits (what `cat /etc/machine-id` prints on"
            + " the host), found 'web-01'; fix it, or remove it and let `steady inventory pin` record the id");
  }

  @Test
  void load_usesNameAsAddressAndBuiltInDefaults() {
    Inventory inv = load(dir, "inventory.yaml", "hosts:\n  db-01:\n  db-02: {}\n");

    Host db = inv.host("db-01").orElseThrow();
    assertThat(db.address()).isEqualTo("db-01");
    assertThat(db.port()).isEqualTo(22);
    assertThat(db.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(db.isProduction()).isTrue();
    assertThat(inv.hosts()).hasSize(2);
  }

  @Test
  void load_hostFieldsWinOverDefaultsAndVarsMerge() {
    Inventory inv = load(dir, "inventory.yaml", """
        defaults: {user: ops, port: 2200, env: staging, proxy_jump: bastion, vars: {a: '1', b: '2'}}
        hosts:
          web-01: {user: deploy, port: 22, env: production, proxy_jump: other, vars: {b: '3'}}
        """);

    Host web = inv.host("web-01").orElseThrow();
    assertThat(web.user()).isEqualTo("deploy");
    assertThat(web.port()).isEqualTo(22);
    assertThat(web.env()).isEqualTo("production");
    assertThat(web.proxyJump()).isEqualTo("other");
    assertThat(web.vars()).containsEntry("a", "1").containsEntry("b", "3");
  }

  @Test
  void load_connectionLocalMakesALocalHost() {
    Inventory inv = load(dir, "inventory.yaml", """
        hosts:
          me: {connection: local}
          localhost:
          remote-localhost: {address: localhost}
        """);

    assertThat(inv.host("me").orElseThrow().isLocal()).isTrue();
    assertThat(inv.host("localhost").orElseThrow().isLocal()).isTrue();
    assertThat(inv.host("remote-localhost").orElseThrow().isLocal()).isFalse();
  }

  @Test
  void load_explicitSshConnectionKeepsLocalhostOnSsh() {
    Inventory inv = load(dir, "inventory.yaml", "hosts:\n  localhost: {connection: ssh}\n");

    assertThat(inv.host("localhost").orElseThrow().isLocal()).isFalse();
  }

  @Test
  void load_failsOnMisspelledHostField() {
    assertBadInput(() -> load(dir, "inventory.yaml", """
        defaults: {user: ops}
        hosts:
          web-00: {address: 10.0.0.10}
          web-01:
            port: 22
            user: ops
            adress: 10.0.0.11
        """), "inventory.yaml:7: unknown field 'adress' for host web-01 (did you mean 'address'?)");
  }

  @Test
  void load_failsOnUnknownFieldWithoutCloseMatchListingKnownFields() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01: {colour: red}\n"),
        "inventory.yaml:2: unknown field 'colour' for host web-01; known fields: address, port, user, "
            + "identity_file, groups, vars, env, expect_hostname, expect_machine_id, proxy_jump, connection, become, become_user,"
            + " become_method");
  }

  @Test
  void load_readsBecome_hostFieldsOverDefaults_fieldByField() {
    Inventory inv = load(dir, "inventory.yaml", """
        defaults: {user: alice, become_user: app}
        hosts:
          web-01: {become: true}
          web-02: {become: yes, become_user: postgres}
          web-03: {}
          web-04: {become: false}
        """);

    assertThat(inv.host("web-01").orElseThrow().become()).isEqualTo(new Become("app", "sudo", "inventory.yaml:3"));
    assertThat(inv.host("web-02").orElseThrow().become()).isEqualTo(new Become("postgres", "sudo", "inventory.yaml:4"));
    assertThat(inv.host("web-03").orElseThrow().become()).as("become_user alone does not escalate, as in Ansible").isNull();
    assertThat(inv.host("web-04").orElseThrow().become()).isNull();
  }

  @Test
  void load_becomeInDefaults_appliesToEveryHost_asRootUnlessStated() {
    Inventory inv = load(dir, "inventory.yaml", "defaults:\n  become: true\nhosts:\n  web-01:\n  web-02: {become_method: su}\n");

    assertThat(inv.host("web-01").orElseThrow().become()).isEqualTo(new Become("root", "sudo", "inventory.yaml:2"));
    assertThat(inv.host("web-02").orElseThrow().become().bySudo()).isFalse();
  }

  @Test
  void load_failsOnABecomeThatIsNotABoolean_orAUserThatIsNotAName() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    become: maybe\n"),
        "inventory.yaml:3: become for host web-01 must be true or false, found 'maybe'; fix it");
    assertBadInput(() -> load(dir, "inventory.yaml", "defaults: {become: true, become_user: 'root; rm -rf /'}\nhosts:\n  a:\n"),
        "inventory.yaml:1: become_user in defaults must be a user name (letters, digits, . _ -), found 'root; rm -rf /'; fix it");
  }

  @Test
  void load_failsOnUnknownDefaultsField() {
    assertBadInput(() -> load(dir, "inventory.yaml", "defaults:\n  usr: ops\nhosts:\n  a:\n"),
        "inventory.yaml:2: unknown field 'usr' in defaults (did you mean 'user'?)");
  }

  @Test
  void load_failsOnUnknownTopLevelField() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  a:\nhots: {}\n"),
        "inventory.yaml:3: unknown field 'hots' at the top level (did you mean 'hosts'?)");
  }

  @Test
  void load_failsOnNonNumericPort() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    port: abc\n"),
        "inventory.yaml:3: port for host web-01 must be a number from 1 to 65535, found 'abc'; fix the port");
  }

  @Test
  void load_failsOnPortOutOfRange() {
    assertBadInput(() -> load(dir, "inventory.yaml", "defaults: {port: 70000}\nhosts:\n  a:\n"),
        "inventory.yaml:1: port in defaults must be a number from 1 to 65535, found '70000'; fix the port");
  }

  @Test
  void load_failsWhenGroupsIsNotAList() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    groups: web\n"),
        "inventory.yaml:3: groups for host web-01 must be a list like [app, web], found 'web'");
  }

  @Test
  void load_failsWhenHostIsNotAMapping() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01: [a, b]\n"),
        "inventory.yaml:2: host web-01 must be a mapping (key: value), found a list");
  }

  @Test
  void load_failsWhenVarValueIsNested() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    vars: {a: [1, 2]}\n"),
        "inventory.yaml:3: vars.a for host web-01 must be a single value, found a list");
  }

  @Test
  void load_failsOnDuplicateHostNames() {
    assertBadInput(() -> load(dir, "inventory.yaml", """
        hosts:
          web-01: {address: 10.0.0.11}
          web-02: {address: 10.0.0.12}
          web-01: {address: 10.0.0.13}
        """), "inventory.yaml:4: duplicate host 'web-01' (first defined at line 2); give each host a unique name");
  }

  @Test
  void load_failsOnDuplicateFieldOfAHost() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    port: 22\n    port: 23\n"),
        "inventory.yaml:4: duplicate key 'port' in host web-01 (first at line 3); keep one of them");
  }

  @Test
  void load_failsOnUnknownConnection() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  a: {connection: docker}\n"),
        "inventory.yaml:2: connection for host a must be 'ssh' or 'local', found 'docker'; fix the connection");
  }

  @Test
  void load_failsWithoutHosts() {
    assertBadInput(() -> load(dir, "inventory.yaml", "defaults: {user: ops}\n"),
        "inventory.yaml:1: no hosts; add a 'hosts:' mapping, e.g. hosts: {web-01: {address: 10.0.0.11}}");
  }

  @Test
  void load_failsOnHostNameThatCannotBeATarget() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  'web 01': {}\n"),
        "inventory.yaml:2: host name 'web 01' may not contain spaces or any of , : ! & ~ * ? [ ]; rename it");
  }

  @Test
  void load_failsOnMalformedYamlWithItsLine() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01: {address: 10.0.0.11\n  web-02: {}\n"),
        "inventory.yaml:3: malformed YAML: expected ',' or '}', but got :; "
            + "fix the syntax (indentation, colons, quotes)");
  }

  @Test
  void load_failsOnBadIndentationWithItsLine() {
    assertBadInput(() -> load(dir, "inventory.yaml", "hosts:\n  web-01:\n    port: 22\n   user: x\n"),
        "inventory.yaml:4: malformed YAML: expected <block end>, but found '<block mapping start>'; "
            + "fix the syntax (indentation, colons, quotes)");
  }
}
