package dev.steady.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Groups as Ansible holds them when it evaluates a target: each group's own hosts and child groups
 * in the order Ansible added them, including the implicit groups {@code all} and {@code ungrouped}.
 * A subscript such as {@code web[0]} counts hosts in this order, not in the listing's.
 */
final class GroupTree {

  static final String ALL = "all";
  static final String UNGROUPED = "ungrouped";

  private final Map<String, List<String>> own;
  private final Map<String, List<String>> children;

  /** Both maps in Ansible's group order, with {@code all} and {@code ungrouped} first. */
  GroupTree(Map<String, List<String>> own, Map<String, List<String>> children) {
    this.own = copy(own);
    this.children = copy(children);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> map) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The tree of an inventory that has no Ansible structure (steady YAML, ssh config): {@code all}
   * owns every host in inventory order; each group owns its members; hosts without a group are
   * {@code ungrouped}.
   */
  static GroupTree flat(List<Host> hosts, List<String> groupNames) {
    Map<String, List<String>> own = new LinkedHashMap<>();
    Map<String, List<String>> children = new LinkedHashMap<>();
    own.put(ALL, hosts.stream().map(Host::name).toList());
    own.put(UNGROUPED, hosts.stream().filter(h -> h.groups().isEmpty()).map(Host::name).toList());
    List<String> top = new ArrayList<>(List.of(UNGROUPED));
    for (String g : groupNames) {
      own.put(g, hosts.stream().filter(h -> h.groups().contains(g)).map(Host::name).toList());
      top.add(g);
    }
    children.put(ALL, top);
    return new GroupTree(own, children);
  }

  /** Every group name, implicit ones included, in Ansible's order. */
  List<String> names() {
    return List.copyOf(own.keySet());
  }

  boolean has(String group) {
    return own.containsKey(group);
  }

  /** The hosts of a group and of all its descendants. */
  Set<String> hostsOf(String group) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String g : descendants(group)) {
      hosts.addAll(own.getOrDefault(g, List.of()));
    }
    return hosts;
  }

  private Set<String> descendants(String group) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(group));
    while (!todo.isEmpty()) {
      String g = todo.remove(0);
      if (seen.add(g)) {
        todo.addAll(children.getOrDefault(g, List.of()));
      }
    }
    return seen;
  }

  /**
   * The hosts of a group in the order Ansible numbers them for a subscript: the group's own hosts,
   * then those of its children in order, then deeper levels. Ansible visits the groups of a level
   * below the children in no defined order, so when two of them add hosts the order is unknown:
   * empty.
   */
  Optional<List<String>> orderedHostsOf(String group) {
    Set<String> hosts = new LinkedHashSet<>(own.getOrDefault(group, List.of()));
    List<String> level = children.getOrDefault(group, List.of());
    Set<String> seen = new LinkedHashSet<>(List.of(group));
    seen.addAll(level);
    level.forEach(c -> hosts.addAll(own.getOrDefault(c, List.of())));
    while (!level.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String g : level) {
        children.getOrDefault(g, List.of()).stream().filter(c -> !seen.contains(c) && !next.contains(c)).forEach(next::add);
      }
      seen.addAll(next);
      long adding = next.stream().filter(g -> !hosts.containsAll(own.getOrDefault(g, List.of()))).count();
      if (adding > 1) {
        return Optional.empty();
      }
      next.forEach(g -> hosts.addAll(own.getOrDefault(g, List.of())));
      level = next;
    }
    return Optional.of(List.copyOf(hosts));
  }
}
