package dev.steady.inventory;

import java.util.List;

/**
 * What a format parser read from an inventory file.
 *
 * @param hosts the hosts, in file order
 * @param groupNames every group the file names, including groups without hosts, in file order
 */
record Parsed(List<HostSpec> hosts, List<String> groupNames) {

  Parsed {
    hosts = List.copyOf(hosts);
    groupNames = List.copyOf(groupNames);
  }
}
