package dev.steady.inventory;

import java.util.List;

/**
 * What the parsers read from an inventory (one file, or every file of an Ansible inventory directory).
 *
 * @param hosts the hosts, in file order
 * @param groupNames every group the inventory names, including groups without hosts, in file order;
 *     not the implicit {@code all} and {@code ungrouped}
 * @param tree Ansible's view of the groups for targets, or null for an inventory without one
 * @param warnings what was noticed but not refused, each once
 */
record Parsed(List<HostSpec> hosts, List<String> groupNames, GroupTree tree, List<String> warnings) {

  Parsed {
    hosts = List.copyOf(hosts);
    groupNames = List.copyOf(groupNames);
    warnings = List.copyOf(warnings);
  }

  /** An inventory without Ansible structure: steady YAML or an ssh config. */
  Parsed(List<HostSpec> hosts, List<String> groupNames) {
    this(hosts, groupNames, null, List.of());
  }
}
