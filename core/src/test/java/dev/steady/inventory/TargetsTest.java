package dev.steady.inventory;

import static dev.steady.inventory.TestFiles.assertBadInput;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class TargetsTest {

  @TempDir Path dir;
  private Inventory inv;

  @BeforeEach
  void fleet() {
    inv = TestFiles.load(dir, "inventory.yaml", """
        hosts:
          web-09: {groups: [app, web]}
          web-01: {groups: [app, web]}
          web-02: {groups: [app, web]}
          web-03: {groups: [app, web]}
          web-10: {groups: [app, web]}
          batch-01: {groups: [app, batch]}
          db-01: {groups: [db]}
          bastion: {}
        """);
  }

  private List<String> select(String target) {
    return inv.select(target).stream().map(Host::name).toList();
  }

  @Test
  void select_allAndStarReturnEveryHostInInventoryOrder() {
    List<String> all = List.of("web-09", "web-01", "web-02", "web-03", "web-10", "batch-01", "db-01", "bastion");
    assertThat(select("all")).isEqualTo(all);
    assertThat(select("*")).isEqualTo(all);
  }

  @Test
  void select_namesAndGroupsInInventoryOrderWithoutDuplicates() {
    assertThat(select("db-01,web-01")).containsExactly("web-01", "db-01");
    assertThat(select("web:web-01:batch")).containsExactly("web-09", "web-01", "web-02", "web-03", "web-10", "batch-01");
  }

  @Test
  void select_excludesHostsOfNegatedGroup() {
    assertThat(select("app:!web")).containsExactly("batch-01");
    assertThat(select("app:!web-03")).containsExactly("web-09", "web-01", "web-02", "web-10", "batch-01");
  }

  @Test
  void select_exclusionAppliesAfterUnionsWhateverItsPosition() {
    assertThat(select("!web-01:web")).containsExactly("web-09", "web-02", "web-03", "web-10");
  }

  @Test
  void select_onlyExclusionsStartFromAll() {
    assertThat(select("!app")).containsExactly("db-01", "bastion");
  }

  @Test
  void select_intersectsWithAmpersand() {
    assertThat(select("web-0*:&app:!web-02")).containsExactly("web-09", "web-01", "web-03");
  }

  @Test
  void select_globsOverHostAndGroupNames() {
    assertThat(select("web-0?")).containsExactly("web-09", "web-01", "web-02", "web-03");
    assertThat(select("web-1*")).containsExactly("web-10");
    assertThat(select("ba*")).containsExactly("batch-01", "bastion");
    assertThat(select("d?")).containsExactly("db-01");
  }

  @Test
  void select_refusesCharacterClassesAndNamesTheRegexToWrite() {
    assertBadInput(() -> inv.select("web-0[!9]*"),
        "'web-0[!9]*' in target 'web-0[!9]*' has a [..] character class; steady does not take them in targets, since"
            + " Ansible reads a trailing [..] as a subscript (web[0], web[0:2]) and the two are easily confused: write a"
            + " regular expression instead, e.g. ~web-0[^9].*$");
    assertThat(select("~web-0[^9].*$")).containsExactly("web-01", "web-02", "web-03");
  }

  @Test
  void select_regexMatchesFromTheStart() {
    assertThat(select("~web-0[13]")).containsExactly("web-01", "web-03");
    assertThat(select("~(db|bastion)")).containsExactly("db-01", "bastion");
  }

  @Test
  void select_failsOnUnknownNameWithSuggestion() {
    assertBadInput(() -> inv.select("web-9:app"),
        "unknown target 'web-9' in 'web-9:app': no host or group of that name in inventory.yaml "
            + "(did you mean 'web-09'?); `steady inventory list` shows them");
  }

  @Test
  void select_failsOnUnknownNameInsideExclusion() {
    assertBadInput(() -> inv.select("app:!web-3"),
        "unknown target 'web-3' in 'app:!web-3': no host or group of that name in inventory.yaml "
            + "(did you mean 'web-03'?); `steady inventory list` shows them");
  }

  @Test
  void select_failsOnUnknownNameWithoutCloseMatch() {
    assertBadInput(() -> inv.select("zookeeper"),
        "unknown target 'zookeeper' in 'zookeeper': no host or group of that name in inventory.yaml; "
            + "`steady inventory list` shows them");
  }

  @Test
  void select_failsOnGlobMatchingNothing() {
    assertBadInput(() -> inv.select("cache-*"),
        "unknown target 'cache-*' in 'cache-*': no host or group matches that pattern in inventory.yaml; "
            + "`steady inventory list` shows them");
  }

  @Test
  void select_failsWhenNothingIsSelected() {
    assertBadInput(() -> inv.select("web:&db"),
        "target 'web:&db' selects no hosts in inventory.yaml; `steady inventory list` shows the hosts and groups");
  }

  @Test
  void select_failsOnEmptyTarget() {
    assertBadInput(() -> inv.select(" , "), "empty target; name hosts or groups, or `all`");
  }

  @Test
  void select_failsOnDanglingExclusion() {
    assertBadInput(() -> inv.select("app:!"),
        "nothing after '!' in target 'app:!'; write the host or group to exclude after it");
  }

  @Test
  void select_failsOnInvalidRegex() {
    assertBadInput(() -> inv.select("~web-(0"),
        "invalid regular expression '~web-(0' in target '~web-(0' (Unclosed group); fix the pattern after ~");
  }

  @Test
  void host_findsByExactName() {
    assertThat(inv.host("db-01")).isPresent();
    assertThat(inv.host("db")).isEmpty();
  }
}
