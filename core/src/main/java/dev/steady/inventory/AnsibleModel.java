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
 * An Ansible inventory as groups, children and variables, filled by the INI, YAML and JSON readers
 * (one model for all the files of an inventory directory, as Ansible merges them) and resolved
 * into hosts with the variable precedence of Ansible's documentation, least to most important:
 * <ol>
 *   <li>inventory file or script vars of group {@code all};
 *   <li>{@code group_vars/all} beside the inventory;
 *   <li>inventory file or script vars of the host's other groups;
 *   <li>{@code group_vars/GROUP} beside the inventory, for those groups;
 *   <li>inventory file or script vars of the host;
 *   <li>{@code host_vars/HOST} beside the inventory.
 * </ol>
 * Within 3 and 4, groups apply parent before child (by depth below {@code all}), then by {@code
 * ansible_group_priority} (default 1, higher wins), then by name. steady has no playbook, so there
 * are no playbook-adjacent group_vars or host_vars.
 */
final class AnsibleModel {

  static final String ALL = GroupTree.ALL;
  static final String UNGROUPED = GroupTree.UNGROUPED;
  static final String PRIORITY = "ansible_group_priority";

  private final Map<String, HostEntry> hosts = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();

  private record HostEntry(Where where, Map<String, Var> vars) {}

  private static final class Group {
    final Set<String> hosts = new LinkedHashSet<>();
    final Map<String, Var> vars = new LinkedHashMap<>();
    final Map<String, Where> children = new LinkedHashMap<>();
    int priority = 1;
  }

  AnsibleModel() {
    groups.put(ALL, new Group());
    groups.put(UNGROUPED, new Group());
    groups.get(ALL).children.put(UNGROUPED, null);
  }

  boolean hasGroup(String name) {
    return groups.containsKey(name);
  }

  /** Every group name so far, implicit ones included. */
  Set<String> groupNames() {
    return groups.keySet();
  }

  boolean hasHosts() {
    return !hosts.isEmpty();
  }

  /** Declares a group (idempotent). */
  void group(String name, Where where) {
    Names.check(name, "group", where.file(), where.line());
    groups.computeIfAbsent(name, n -> new Group());
  }

  /** Adds a host to a group; repeated definitions merge, later wins. */
  void host(String group, String name, Map<String, Var> vars, Where where) {
    Names.check(name, "host", where.file(), where.line());
    hosts.computeIfAbsent(name, n -> new HostEntry(where, new LinkedHashMap<>())).vars().putAll(vars);
    group(group, where);
    groups.get(group).hosts.add(name);
  }

  /** Variables of a host already added, overriding what it had (a script's hostvars). */
  void hostVars(String name, Map<String, Var> vars) {
    hosts.get(name).vars().putAll(vars);
  }

  /** A group variable; {@code ansible_group_priority} sets the group's priority instead, as in Ansible. */
  void groupVar(String group, String key, Var value) {
    group(group, value.where());
    if (key.equals(PRIORITY)) {
      groups.get(group).priority = priority(group, value);
    } else {
      groups.get(group).vars.put(key, value);
    }
  }

  private static int priority(String group, Var value) {
    try {
      return Integer.parseInt(value.value().strip());
    } catch (NumberFormatException e) {
      throw value.error(PRIORITY + " of group " + group + " must be a whole number, found '" + value.value()
          + "'; Ansible fails on it too: fix the number");
    }
  }

  void child(String parent, String child, Where where) {
    group(parent, where);
    group(child, where);
    if (child.equals(ALL)) {
      throw where.error("group 'all' cannot be a child of '" + parent + "'; remove that line");
    }
    groups.get(parent).children.putIfAbsent(child, where);
  }

  /** The hosts, with each variable resolved by the precedence above. */
  Parsed resolve(VarsFiles files, Warnings warnings) {
    Set<String> checked = new HashSet<>();
    groups.keySet().forEach(g -> checkCycles(g, new ArrayList<>(), checked));
    reconcile();
    Map<String, Set<String>> parents = parents();
    Map<String, Integer> depth = new HashMap<>();
    Comparator<String> order = Comparator.<String>comparingInt(g -> depth(g, parents, depth))
        .thenComparingInt(g -> groups.get(g).priority).thenComparing(g -> g);
    files.warnUnknown(groups.keySet(), hosts.keySet());
    List<HostSpec> specs = new ArrayList<>();
    hosts.forEach((name, entry) -> specs.add(spec(name, entry, parents, order, files, warnings)));
    hosts.keySet().stream().filter(groups::containsKey).forEach(n -> warnings.add("'" + n + "' is both a host and a group;"
        + " in a target, '" + n + "' means the host, '!" + n + "' and '&" + n + "' the group, as in Ansible"));
    List<String> names = groups.keySet().stream().filter(g -> !g.equals(ALL) && !g.equals(UNGROUPED)).toList();
    return new Parsed(specs, names, tree(), warnings.list());
  }

  /** As Ansible does after reading: groups without a parent become children of all; hosts without a group are ungrouped. */
  private void reconcile() {
    Set<String> withParent = new HashSet<>();
    groups.values().forEach(g -> withParent.addAll(g.children.keySet()));
    groups.keySet().stream().filter(g -> !g.equals(ALL) && !withParent.contains(g)).toList()
        .forEach(g -> groups.get(ALL).children.putIfAbsent(g, null));
    Set<String> ungrouped = groups.get(UNGROUPED).hosts;
    for (String host : hosts.keySet()) {
      boolean grouped = groups.entrySet().stream()
          .anyMatch(e -> !e.getKey().equals(ALL) && !e.getKey().equals(UNGROUPED) && e.getValue().hosts.contains(host));
      if (grouped) {
        ungrouped.remove(host);
      } else {
        ungrouped.add(host);
      }
    }
  }

  private GroupTree tree() {
    Map<String, List<String>> own = new LinkedHashMap<>();
    Map<String, List<String>> children = new LinkedHashMap<>();
    groups.forEach((name, g) -> {
      own.put(name, List.copyOf(g.hosts));
      children.put(name, List.copyOf(g.children.keySet()));
    });
    return new GroupTree(own, children);
  }

  private HostSpec spec(String name, HostEntry entry, Map<String, Set<String>> parents, Comparator<String> order,
      VarsFiles files, Warnings warnings) {
    Set<String> member = new HashSet<>();
    groups.forEach((g, group) -> {
      if (group.hosts.contains(name)) {
        ancestry(g, parents, member);
      }
    });
    member.remove(ALL);
    List<String> sorted = member.stream().sorted(order).toList();
    Map<String, Var> merged = new LinkedHashMap<>(groups.get(ALL).vars);
    merged.putAll(files.group(ALL));
    sorted.forEach(g -> merged.putAll(groups.get(g).vars));
    sorted.forEach(g -> merged.putAll(files.group(g)));
    merged.putAll(entry.vars());
    merged.putAll(files.host(name));
    List<String> listed = groups.keySet().stream().filter(g -> !g.equals(UNGROUPED) && member.contains(g)).toList();
    return AnsibleVars.toSpec(name, listed, merged, entry.where(), warnings);
  }

  private static void ancestry(String group, Map<String, Set<String>> parents, Set<String> into) {
    if (into.add(group)) {
      parents.getOrDefault(group, Set.of()).forEach(p -> ancestry(p, parents, into));
    }
  }

  private static int depth(String group, Map<String, Set<String>> parents, Map<String, Integer> memo) {
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
    groups.forEach((g, group) -> group.children.keySet()
        .forEach(c -> parents.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(g)));
    return parents;
  }

  private void checkCycles(String group, List<String> path, Set<String> checked) {
    if (path.contains(group)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(group), path.size()));
      cycle.add(group);
      String last = path.get(path.size() - 1);
      throw groups.get(last).children.get(group).error("groups form a cycle: "
          + String.join(" → ", cycle) + "; remove one of those children entries");
    }
    if (checked.contains(group)) {
      return;
    }
    path.add(group);
    groups.get(group).children.keySet().forEach(c -> checkCycles(c, path, checked));
    path.remove(path.size() - 1);
    checked.add(group);
  }
}
