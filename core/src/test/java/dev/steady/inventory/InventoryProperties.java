package dev.steady.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.steady.failure.SteadyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class InventoryProperties {

  private static final List<String> GROUPS = List.of("g0", "g1", "g2", "g3");

  /** A fleet of up to 12 hosts, each in a random subset of four groups. */
  @Provide
  Arbitrary<List<Host>> fleets() {
    Arbitrary<List<String>> groups = Arbitraries.of(GROUPS).set().ofMaxSize(4).map(List::copyOf);
    return groups.list().ofMinSize(1).ofMaxSize(12).map(InventoryProperties::hosts);
  }

  private static List<Host> hosts(List<List<String>> groupsPerHost) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < groupsPerHost.size(); i++) {
      String name = "h" + (groupsPerHost.size() - 1 - i);
      hosts.add(new Host(name, name, 22, "ops", null, groupsPerHost.get(i), null, null, null, null, null));
    }
    return hosts;
  }

  @Property
  void select_exclusionAndIntersectionAreSetOperationsInInventoryOrder(
      @ForAll("fleets") List<Host> hosts, @ForAll("terms") String a, @ForAll("terms") String b) {
    Inventory inv = Inventory.of(Path.of("inventory.yaml"), hosts);
    Optional<List<String>> left = selected(inv, a);
    Optional<List<String>> right = selected(inv, b);
    if (left.isEmpty() || right.isEmpty()) {
      assertThat(selected(inv, a + ":!" + b)).isEmpty();
      assertThat(selected(inv, a + ":&" + b)).isEmpty();
      return;
    }
    List<String> order = hosts.stream().map(Host::name).toList();
    List<String> minus = order.stream().filter(h -> left.get().contains(h) && !right.get().contains(h)).toList();
    List<String> both = order.stream().filter(h -> left.get().contains(h) && right.get().contains(h)).toList();
    List<String> union = order.stream().filter(h -> left.get().contains(h) || right.get().contains(h)).toList();

    assertThat(selected(inv, a + ":!" + b)).isEqualTo(nonEmpty(minus));
    assertThat(selected(inv, a + ":&" + b)).isEqualTo(nonEmpty(both));
    assertThat(selected(inv, a + "," + b)).contains(union);
  }

  @Provide
  Arbitrary<String> terms() {
    return Arbitraries.oneOf(Arbitraries.of(GROUPS), Arbitraries.integers().between(0, 11).map(i -> "h" + i),
        Arbitraries.of("all", "h1*", "g?", "~h[0-5]"));
  }

  /** The names a target selects, or empty when it fails (unknown term, nothing selected). */
  private static Optional<List<String>> selected(Inventory inv, String target) {
    try {
      return Optional.of(inv.select(target).stream().map(Host::name).toList());
    } catch (SteadyException e) {
      return Optional.empty();
    }
  }

  private static Optional<List<String>> nonEmpty(List<String> names) {
    return names.isEmpty() ? Optional.empty() : Optional.of(names);
  }

  @Property
  void iniParser_throwsOnlySteadyExceptionOnGarbage(@ForAll("garbage") List<String> lines) {
    SourceText file = new SourceText(Path.of("garbage.ini"), "garbage.ini", String.join("\n", lines));
    assertThatCode(() -> {
      try {
        AnsibleIni.parse(file);
      } catch (SteadyException e) {
        assertThat(e.getMessage()).doesNotContain("\n").startsWith("garbage.ini:");
      }
    }).doesNotThrowAnyException();
  }

  @Provide
  Arbitrary<List<String>> garbage() {
    Arbitrary<String> noise = Arbitraries.strings().withChars("[]:=\"'#; \t\\-_abc019!&*?,~.").ofMaxLength(30);
    Arbitrary<String> shaped = Combinators.combine(
            Arbitraries.of("[", "", "web-[", "x "), noise, Arbitraries.of("]", ":vars]", ":children]", "", "=1"))
        .as((x, y, z) -> x + y + z);
    return Arbitraries.oneOf(noise, shaped, Arbitraries.strings().ofMaxLength(20)).list().ofMaxSize(12);
  }

  @Property
  void anyFormat_throwsOnlyOneLineSteadyExceptionOnGarbage(@ForAll("yamlish") List<String> lines) {
    SourceText file = new SourceText(Path.of("inv"), "inv", String.join("\n", lines));
    assertThatCode(() -> {
      try {
        InventoryFormat.read(file);
      } catch (SteadyException e) {
        assertThat(e.getMessage()).doesNotContain("\n").startsWith("inv:");
      }
    }).doesNotThrowAnyException();
  }

  @Provide
  Arbitrary<List<String>> yamlish() {
    Arbitrary<String> indent = Arbitraries.of("", "  ", "    ", "- ", "\t");
    Arbitrary<String> word = Arbitraries.of("hosts", "defaults", "all", "children", "vars", "port", "groups",
        "web-01", "Host", "&a", "*a", "!!int", "{", "}", "[", "]", "'", "\"", "~", "abc", "22", "<<");
    Arbitrary<String> line = Combinators.combine(indent, word, Arbitraries.of(":", ": ", " ", ", ", ""), word)
        .as((i, a, sep, b) -> i + a + sep + b);
    return line.list().ofMinSize(1).ofMaxSize(10);
  }

  @Property
  void expand_numericRangeHasEndMinusStartPlusOneHosts(
      @ForAll @IntRange(min = 0, max = 500) int start, @ForAll @IntRange(min = 0, max = 500) int length,
      @ForAll @IntRange(min = 1, max = 4) int width) {
    int end = start + length;
    String from = String.format("%0" + width + "d", start);
    List<String> names = HostRange.expand("n-[" + from + ":" + end + "].lan", file(), 1);

    assertThat(names).hasSize(length + 1).doesNotHaveDuplicates().allMatch(n -> n.startsWith("n-") && n.endsWith(".lan"));
    assertThat(names.get(0)).isEqualTo("n-" + from + ".lan");
  }

  @Property
  void expand_cartesianOfTwoRangesAndStride(
      @ForAll @IntRange(min = 1, max = 20) int a, @ForAll @Size(min = 1, max = 1) List<@IntRange(min = 1, max = 5) Integer> step) {
    int s = step.get(0);
    List<String> names = HostRange.expand("r[a:c]-[1:" + a + ":" + s + "]", file(), 1);
    Set<String> unique = new LinkedHashSet<>(names);

    assertThat(names).hasSize(3 * ((a - 1) / s + 1));
    assertThat(unique).hasSameSizeAs(names);
  }

  private static SourceText file() {
    return new SourceText(Path.of("hosts"), "hosts", "");
  }
}
