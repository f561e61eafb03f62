package dev.steady.inventory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hosts steady may touch, read from steady YAML, an Ansible inventory (INI or YAML) or an ssh
 * config, in the file's order, which is the fleet's logical order everywhere.
 */
public final class Inventory {

  private final Path source;
  private final List<Host> hosts;
  private final Map<String, Host> byName;
  private final Map<String, List<String>> groups;
  private final Targets targets;

  private Inventory(Path source, List<Host> hosts, List<String> groupNames) {
    this.source = source;
    this.hosts = List.copyOf(hosts);
    this.byName = this.hosts.stream().collect(Collectors.toMap(Host::name, Function.identity(), (a, b) -> a));
    this.groups = groupsOf(this.hosts, groupNames);
    this.targets = new Targets(this.hosts, groups, fileName(source));
  }

  /** Reads {@code file} (format detected from content) and applies {@code ~/.ssh/config}. */
  public static Inventory load(Path file) {
    return load(file, Path.of(System.getProperty("user.home"), ".ssh", "config"));
  }

  /**
   * Reads {@code file}; for fields the inventory leaves unset, the aliases of {@code sshConfig} fill
   * them (null or missing means none).
   */
  public static Inventory load(Path file, Path sshConfig) {
    Parsed parsed = InventoryFormat.read(SourceText.readInventory(file));
    SshConfig ssh = SshConfig.load(sshConfig);
    SshRoutes routes = new SshRoutes(ssh);
    List<Host> hosts = parsed.hosts().stream().map(spec -> routes.apply(spec).toHost()).toList();
    return new Inventory(file, hosts, parsed.groupNames());
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
        List.copyOf(groups.keySet()));
  }

  /** An inventory of these hosts, as if read from {@code source}. */
  static Inventory of(Path source, List<Host> hosts) {
    return new Inventory(source, hosts, hosts.stream().flatMap(h -> h.groups().stream()).distinct().toList());
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
   * The hosts a target names ({@code all}, names, groups, globs, {@code ~regex}, {@code a:b},
   * {@code a:!b}, {@code a:&b}), in inventory order; an unknown term or an empty selection fails.
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

  /** The file this inventory was read from. */
  public Path source() {
    return source;
  }
}
