package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static dev.steady.inventory.TestFiles.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Targets over an Ansible inventory: Ansible's pattern semantics, or a refusal where they differ. */
@Timeout(10)
class TargetsAnsibleTest {

  @TempDir Path dir;
  private Inventory inv;

  @BeforeEach
  void fleet() {
    inv = load(dir, "hosts", """
        bastion ansible_host=203.0.113.5

        [app]
        web-02
        web-01

        [web]
        web-01
        web-02
        web-03

        [db]
        db-01
        """);
  }

  private List<String> select(String target) {
    return inv.select(target).stream().map(Host::name).toList();
  }

  @Test
  void select_subscriptsCountAGroupsHostsInAnsiblesOrder_andListInInventoryOrder() {
    assertThat(select("web[0]")).containsExactly("web-01");
    assertThat(select("app[0]")).containsExactly("web-02");
    assertThat(select("web[-1]")).containsExactly("web-03");
    assertThat(select("web[0:1]")).as("inclusive").containsExactly("web-02", "web-01");
    assertThat(select("web[1:]")).containsExactly("web-02", "web-03");
    assertThat(select("web[1:9]")).as("a range past the end stops at the end, as in Ansible").containsExactly("web-02", "web-03");
    assertThat(select("web[0],db")).containsExactly("web-01", "db-01");
    assertThat(select("all:!web[0:1]")).containsExactly("bastion", "web-03", "db-01");
  }

  @Test
  void select_refusesSubscriptsThatPickNothingOrAreWrittenTheRemovedWay() {
    assertBadInput(() -> inv.select("web[3]"), "'web[3]' in target 'web[3]' selects nothing: web has 3 hosts, numbered from"
        + " 0 in Ansible's order (web-01, web-02, web-03); pick an index below 3");
    assertBadInput(() -> inv.select("web[2:1]"), "'web[2:1]' in target 'web[2:1]' is a reversed subscript; write web[1:2]"
        + " (counted from 0, both ends included)");
    assertBadInput(() -> inv.select("web[0-1]"), "'web[0-1]' in target 'web[0-1]': Ansible reads [0-1] as a subscript in a"
        + " form it has removed; write web[0:1] for those hosts of web (counted from 0, both ends included)");
  }

  @Test
  void select_refusesAHostRangeOrClassWrittenWhereAnsibleReadsASubscript() {
    assertBadInput(() -> inv.select("web-0[1:3]"), "'web-0[1:3]' in target 'web-0[1:3]' selects nothing: Ansible reads the"
        + " trailing [..] as a subscript of a group or host named 'web-0', and hosts has none; a subscript is not a host"
        + " range: name the hosts (a,b,c) or use a regex such as ~web-0[0-9]+$");
    assertBadInput(() -> inv.select("web-[01:03]"), "'web-[01:03]' in target 'web-[01:03]' selects nothing: Ansible reads"
        + " the trailing [..] as a subscript of a group or host named 'web-', and hosts has none; a subscript is not a"
        + " host range: name the hosts (a,b,c) or use a regex such as ~web-[0-9]+$");
    assertThat(select("~web-0[1-3]$")).containsExactly("web-02", "web-01", "web-03");
  }

  @Test
  void select_subscriptOfAGlobThatMatchesSeveralGroupsOrAGroupAndHostsIsRefused() {
    assertThat(select("web-0*[0]")).as("hosts alone count in inventory order").containsExactly("web-02");
    assertBadInput(() -> inv.select("*b*[0]"), "'*b*[0]' in target '*b*[0]': *b* matches group web, group db, host"
        + " bastion, host web-02, host web-01, …, and Ansible numbers their hosts in an order steady does not reproduce;"
        + " subscript a single group, e.g. web[0]");
  }

  @Test
  void select_implicitGroupsAllAndUngrouped() {
    assertThat(select("ungrouped")).containsExactly("bastion");
    assertThat(select("all:!ungrouped")).containsExactly("web-02", "web-01", "web-03", "db-01");
    assertThat(select("*")).hasSize(5);
  }

  @Test
  void select_refusesAGlobThatAnsibleWouldReadAsTheWholeImplicitGroup() {
    assertBadInput(() -> inv.select("*l*"), "'*l*' in target '*l*' also matches the name of Ansible's implicit group"
        + " 'all', so Ansible would select its hosts too (bastion, web-02, web-01, web-03, db-01); write `all` if you"
        + " mean them, or a pattern that does not match 'all'");
    assertBadInput(() -> inv.select("~u"), "'~u' in target '~u' also matches the name of Ansible's implicit group"
        + " 'ungrouped', so Ansible would select its hosts too (bastion); write `ungrouped` if you mean them, or a pattern"
        + " that does not match 'ungrouped'");
  }

  @Test
  void select_withACommaOnlyCommasSeparate() {
    assertThat(select("web, !web-01")).containsExactly("web-02", "web-03");
    assertThat(select("web db")).as("without a comma, whitespace separates as in Ansible").containsExactly(
        "web-02", "web-01", "web-03", "db-01");
    assertBadInput(() -> inv.select("web:!web-01,db"), "target 'web:!web-01,db' mixes ',' and ':': with a comma in a"
        + " target, Ansible reads 'web:!web-01' as one name, not as terms joined by ':'; separate every term with commas");
  }

  @Test
  void select_refusesATargetAnsibleReadsAsAnAddressWithAPort() {
    assertBadInput(() -> inv.select("web-01:2222"), "target 'web-01:2222' is one address with a port to Ansible, not a"
        + " list of names joined by ':'; separate names with commas (a,b), and name hosts by their inventory name");
  }

  @Test
  void select_refusesUnbalancedBrackets() {
    assertBadInput(() -> inv.select("web[0"), "unbalanced [ ] in target 'web[0'; Ansible would drop the stray bracket and"
        + " read something else: close the subscript (web[0]) or remove the bracket");
  }

  @Test
  void select_aNameThatIsAHostAndAGroupMeansTheHost_butTheGroupWhenExcluded() {
    Inventory both = load(dir, "both", "[db]\ndb-01\ndb-02\n[x]\ndb\n");

    assertThat(both.select("db")).extracting(Host::name).containsExactly("db");
    assertThat(both.select("all:!db")).extracting(Host::name).containsExactly("db");
    assertThat(both.warnings()).containsExactly("'db' is both a host and a group; in a target, 'db' means the host,"
        + " '!db' and '&db' the group, as in Ansible");
  }

  @Test
  void select_refusesASubscriptOverGroupsNestedDeeperThanAnsibleOrders() {
    Inventory nested = load(dir, "nested", """
        [leaf1]
        n1
        [leaf2]
        n2
        [mid:children]
        leaf1
        leaf2
        [top:children]
        mid
        """);

    assertThat(nested.select("mid[1]")).extracting(Host::name).containsExactly("n2");
    assertBadInput(() -> nested.select("top[0]"), "'top[0]' in target 'top[0]': Ansible counts the hosts of top in an"
        + " order it does not define (they come from groups nested two levels or more below it); name the hosts, or"
        + " subscript one of its child groups");
  }

  @Test
  void select_hintsThatAnsiblesImplicitLocalhostIsNotImplied() {
    assertBadInput(() -> inv.select("localhost"), "unknown target 'localhost' in 'localhost': no host or group of that"
        + " name in hosts; Ansible's implicit localhost is not implied: add it to the inventory with"
        + " ansible_connection=local; `steady inventory list` shows them");
  }
}
