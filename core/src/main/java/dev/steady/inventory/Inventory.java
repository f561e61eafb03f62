package dev.steady.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hosts steady may touch, read from steady YAML, an Ansible inventory (INI, YAML, a dynamic
 * inventory script or its JSON, or an inventory directory with its group_vars and host_vars) or an
 * ssh config, in the inventory's order, which is the fleet's logical order everywhere. What Ansible
 * would read otherwise than steady is refused when loading, never guessed.
 */
public final class Inventory {

  private final Path source;
  private final List<Host> hosts;
  private final Map<String, Host> byName;
  private final Map<String, List<String>> groups;
  private final Targets targets;
  private final List<String> warnings;
  private final GroupTree tree;

  private Inventory(Path source, List<Host> hosts, List<String> groupNames, GroupTree tree, List<String> warnings) {
    this.tree = tree;
    this.source = source;
    this.hosts = List.copyOf(hosts);
    this.byName = this.hosts.stream().collect(Collectors.toMap(Host::name, Function.identity(), (a, b) -> a));
    this.groups = groupsOf(this.hosts, groupNames);
    this.targets = new Targets(this.hosts, tree != null ? tree : GroupTree.flat(this.hosts, groupNames), fileName(source));
    this.warnings = List.copyOf(warnings);
  }

  /** Reads {@code file} (format detected from content) and applies {@code ~/.ssh/config}. */
  public static Inventory load(Path file) {
    return load(file, Path.of(System.getProperty("user.home"), ".ssh", "config"));
  }

  /**
   * Reads {@code file}, a file or an Ansible inventory directory; for fields the inventory leaves
   * unset, the aliases of {@code sshConfig} fill them (null or missing means none).
   */
  public static Inventory load(Path file, Path sshConfig) {
    return load(file, sshConfig, InventoryScript.TIMEOUT);
  }

  /** As {@link #load(Path, Path)}, giving a dynamic inventory script {@code scriptTimeout} to answer. */
  static Inventory load(Path file, Path sshConfig, Duration scriptTimeout) {
    Parsed parsed = InventorySource.read(file, scriptTimeout);
    SshConfig ssh = SshConfig.load(sshConfig);
    boolean ansible = parsed.tree() != null;
    SshRoutes routes = new SshRoutes(ssh, ansible);
    List<Host> hosts = parsed.hosts().stream().map(spec -> routes.apply(spec).toHost()).toList();
    return new Inventory(file, hosts, parsed.groupNames(), parsed.tree(), parsed.warnings());
  }

  /**
   * This inventory with {@code template} as the {@code expect_hostname} of every host that has none
   * (e.g. {@code {short}} for hosts named by FQDN whose {@code hostname} is their first label); null
   * changes nothing.
   */
  public Inventory withDefaultExpectHostname(String template) {
    if (template == null || template.isBlank()) {
      return this;
    }
    return new Inventory(source, hosts.stream().map(h -> h.withDefaultExpectHostname(template.strip())).toList(),
        List.copyOf(groups.keySet()), tree, warnings);
  }

  /** An inventory of these hosts, as if read from {@code source}. */
  static Inventory of(Path source, List<Host> hosts) {
    return of(source, hosts, null);
  }

  /** The same, with Ansible's group structure ({@code tree}, null for none). */
  static Inventory of(Path source, List<Host> hosts, GroupTree tree) {
    List<String> groupNames = hosts.stream().flatMap(h -> h.groups().stream()).distinct().toList();
    return new Inventory(source, hosts, groupNames, tree, List.of());
  }

  private static Map<String, List<String>> groupsOf(List<Host> hosts, List<String> groupNames) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String group : groupNames) {
      groups.put(group, hosts.stream().filter(h -> h.groups().contains(group)).map(Host::name).toList());
    }
    return Collections.unmodifiableMap(groups);
  }

  private static String fileName(Path source) {
    return source.getFileName() == null ? source.toString() : source.getFileName().toString();
  }

  /** All hosts, in inventory order. */
  public List<Host> hosts() {
    return hosts;
  }

  /** The host of that exact name, if the inventory has one. */
  public Optional<Host> host(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The hosts a target names, with Ansible's pattern semantics ({@code all}, {@code ungrouped},
   * names, groups, globs, {@code ~regex}, subscripts {@code web[0]} {@code web[-1]} {@code
   * web[0:2]}, {@code a:b}, {@code a:!b}, {@code a:&b}, or the same with commas), in inventory
   * order; an unknown term, an empty selection, or a target Ansible would read otherwise fails.
   */
  public List<Host> select(String target) {
    return targets.select(target);
  }

  /** Group name to the names of its hosts (parent groups included), in inventory order. */
  public Map<String, List<String>> groups() {
    return groups;
  }

  /**
   * One line per ssh config setting that applies to some of {@code hosts} (or their bastions) and
   * that steady does not honour, naming the file, line and hosts: for front ends to warn about once.
   */
  public List<String> warnings(List<Host> hosts) {
    Map<String, List<String>> byLine = new LinkedHashMap<>();
    for (Host host : hosts) {
      for (Host reached : withJumps(host)) {
        reached.ssh().ignored().forEach(line -> {
          List<String> names = byLine.computeIfAbsent(line, l -> new java.util.ArrayList<>());
          if (!names.contains(host.name())) {
            names.add(host.name());
          }
        });
      }
    }
    List<String> warnings = new java.util.ArrayList<>();
    byLine.forEach((line, names) -> warnings.add("ssh config " + line + " is not honoured by steady (it applies to "
        + String.join(", ", names.size() > 5 ? names.subList(0, 5) : names) + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "")
        + ")"));
    return warnings;
  }

  private static List<Host> withJumps(Host host) {
    List<Host> all = new java.util.ArrayList<>(host.ssh().jumps());
    all.add(host);
    return all;
  }

  /** The file or directory this inventory was read from. */
  public Path source() {
    return source;
  }

  /**
   * What reading the inventory noticed without refusing it (a vaulted variable left out, a
   * group_vars file no group reads…), one line each, for a front end to show once.
   */
  public List<String> warnings() {
    return warnings;
  }
}
