package dev.steady.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A bracket in a target is Ansible's subscript or a refusal: never a character class, never a host
 * range, never a stray bracket quietly dropped.
 */
class TargetsProperties {

  private static final List<String> WEB = List.of("web-03", "web-01", "web-02", "web-00", "web-04");
  private static final Pattern SUBSCRIPT = Pattern.compile("(-?[0-9]+)|([0-9]+):([0-9]*)");

  /** web-00..web-04 listed in group web in another order than the inventory's, and db-01. */
  private static final Inventory INV = inventory();

  private static Inventory inventory() {
    List<Host> hosts = new ArrayList<>();
    for (String name : List.of("web-00", "web-01", "web-02", "web-03", "web-04")) {
      hosts.add(new Host(name, name, 22, "ops", null, List.of("web"), null, null, null, null, null));
    }
    hosts.add(new Host("db-01", "db-01", 22, "ops", null, List.of("db"), null, null, null, null, null));
    AnsibleModel model = new AnsibleModel();
    SourceText file = new SourceText(Path.of("hosts"), "hosts", "");
    WEB.forEach(h -> model.host("web", h, java.util.Map.of(), new Where(file, 1)));
    model.host("db", "db-01", java.util.Map.of(), new Where(file, 2));
    Parsed parsed = model.resolve(VarsFiles.none(), new Warnings());
    return inventoryOf(parsed);
  }

  private static Inventory inventoryOf(Parsed parsed) {
    return Inventory.of(Path.of("hosts"), parsed.hosts().stream().map(HostSpec::toHost).toList(), parsed.tree());
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.strings().withChars("0123456789:-!^az[]").ofMaxLength(6);
  }

  @Property
  void bracketAfterAName_isASubscriptCountedInAnsiblesOrder_orRefused(@ForAll("bodies") String body) {
    String target = "web[" + body + "]";
    Matcher m = SUBSCRIPT.matcher(body);
    List<String> expected = m.matches() ? pythonSubscript(m) : List.of();
    if (expected.isEmpty()) {
      assertThatThrownBy(() -> INV.select(target)).isInstanceOf(SteadyException.class)
          .satisfies(e -> assertThat(((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.BAD_INPUT));
      return;
    }
    assertThat(INV.select(target)).extracting(Host::name)
        .containsExactlyElementsOf(INV.hosts().stream().map(Host::name).filter(expected::contains).toList());
  }

  /** Ansible's _apply_subscript on web's own order; empty for what steady refuses (reversed, out of range). */
  private static List<String> pythonSubscript(Matcher m) {
    int n = WEB.size();
    if (m.group(1) != null) {
      long i = Long.parseLong(m.group(1));
      long at = i < 0 ? n + i : i;
      return at >= 0 && at < n ? List.of(WEB.get((int) at)) : List.of();
    }
    long start = Long.parseLong(m.group(2));
    long end = m.group(3).isEmpty() ? n - 1 : Long.parseLong(m.group(3));
    if (end < start || start >= n) {
      return List.of();
    }
    return WEB.subList((int) start, (int) Math.min(end + 1, n));
  }

  @Property
  void bracketThatDoesNotEndATerm_orFollowsNoKnownName_isAlwaysRefused(
      @ForAll("bodies") String body, @ForAll("shapes") String shape) {
    String target = shape.replace("B", "[" + body + "]");

    assertThatThrownBy(() -> INV.select(target)).isInstanceOf(SteadyException.class)
        .satisfies(e -> assertThat(((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.BAD_INPUT));
  }

  @Provide
  Arbitrary<String> shapes() {
    return Arbitraries.of("web-0B", "web-B", "web-0B*", "Bweb", "web-0B:db", "db,web-0B", "wBeb", "web-0?B*", "!web-0B", "~web-0B:web-0B");
  }
}
