package dev.steady.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Ansible inventory as groups, children and variables, filled by the INI or the YAML reader and
 * resolved into hosts with Ansible's precedence: all, then parent groups, then child groups, then
 * the host's own variables.
 */
final class AnsibleModel {

  static final String ALL = "all";

  private final SourceText file;
  private final Map<String, HostEntry> hosts = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();

  private record HostEntry(int line, Map<String, Var> vars) {}

  private record Group(int line, Set<String> hosts, Map<String, Var> vars, Map<String, Integer> children) {}

  AnsibleModel(SourceText file) {
    this.file = file;
  }

  /** Declares a group (idempotent). */
  void group(String name, int line) {
    Names.check(name, "group", file, line);
    groups.computeIfAbsent(name, n -> new Group(line, new LinkedHashSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
  }

  /** Adds a host to a group ({@code all} for ungrouped); repeated definitions merge, later wins. */
  void host(String group, String name, Map<String, Var> vars, int line) {
    Names.check(name, "host", file, line);
    hosts.computeIfAbsent(name, n -> new HostEntry(line, new LinkedHashMap<>())).vars().putAll(vars);
    group(group, line);
    groups.get(group).hosts().add(name);
  }

  void groupVar(String group, String key, Var value) {
    group(group, value.line());
    groups.get(group).vars().put(key, value);
  }

  void child(String parent, String child, int line) {
    group(parent, line);
    group(child, line);
    if (child.equals(ALL)) {
      throw file.error(line, "group 'all' cannot be a child of '" + parent + "'; remove that line");
    }
    groups.get(parent).children().putIfAbsent(child, line);
  }

  Parsed resolve() {
    Set<String> checked = new HashSet<>();
    groups.keySet().forEach(g -> checkCycles(g, new ArrayList<>(), checked));
    Map<String, Set<String>> parents = parents();
    List<HostSpec> specs = new ArrayList<>();
    hosts.forEach((name, entry) -> specs.add(spec(name, entry, parents)));
    List<String> names = groups.keySet().stream().filter(g -> !g.equals(ALL)).toList();
    return new Parsed(specs, names);
  }

  private HostSpec spec(String name, HostEntry entry, Map<String, Set<String>> parents) {
    Set<String> member = new HashSet<>();
    groups.forEach((g, group) -> {
      if (group.hosts().contains(name)) {
        ancestry(g, parents, member);
      }
    });
    member.add(ALL);
    Map<String, Var> merged = new LinkedHashMap<>();
    Map<String, Integer> depth = new HashMap<>();
    member.stream()
        .sorted(Comparator.<String>comparingInt(g -> depth(g, parents, depth)).thenComparing(g -> g))
        .forEach(g -> merged.putAll(groups.containsKey(g) ? groups.get(g).vars() : Map.of()));
    merged.putAll(entry.vars());
    List<String> ordered = groups.keySet().stream().filter(g -> !g.equals(ALL) && member.contains(g)).toList();
    return AnsibleVars.toSpec(name, ordered, merged, file, entry.line());
  }

  private static void ancestry(String group, Map<String, Set<String>> parents, Set<String> into) {
    if (into.add(group)) {
      parents.getOrDefault(group, Set.of()).forEach(p -> ancestry(p, parents, into));
    }
  }

  private int depth(String group, Map<String, Set<String>> parents, Map<String, Integer> memo) {
    if (group.equals(ALL)) {
      return 0;
    }
    Integer known = memo.get(group);
    if (known == null) {
      known = 1 + parents.getOrDefault(group, Set.of()).stream()
          .mapToInt(p -> depth(p, parents, memo)).max().orElse(0);
      memo.put(group, known);
    }
    return known;
  }

  private Map<String, Set<String>> parents() {
    Map<String, Set<String>> parents = new HashMap<>();
    groups.forEach((g, group) -> group.children().keySet()
        .forEach(c -> parents.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(g)));
    return parents;
  }

  private void checkCycles(String group, List<String> path, Set<String> checked) {
    if (path.contains(group)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(group), path.size()));
      cycle.add(group);
      String last = path.get(path.size() - 1);
      throw file.error(groups.get(last).children().get(group), "groups form a cycle: "
          + String.join(" → ", cycle) + "; remove one of those children entries");
    }
    if (checked.contains(group)) {
      return;
    }
    path.add(group);
    groups.get(group).children().keySet().forEach(c -> checkCycles(c, path, checked));
    path.remove(path.size() - 1);
    checked.add(group);
  }
}
