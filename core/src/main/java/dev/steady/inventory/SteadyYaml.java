package dev.steady.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Parses steady's own inventory YAML (DESIGN.md §5): {@code defaults:} and {@code hosts:}. */
final class SteadyYaml {

  static final List<String> TOP = List.of("defaults", "hosts");

  private final YamlDoc yaml;
  private final SourceText file;

  private SteadyYaml(YamlDoc yaml) {
    this.yaml = yaml;
    this.file = yaml.file();
  }

  static Parsed parse(YamlDoc yaml, Node root) {
    return new SteadyYaml(yaml).parse(root);
  }

  private Parsed parse(Node root) {
    Map<String, YamlDoc.Entry> top = yaml.mapping(root, "the inventory");
    top.values().forEach(e -> FieldReader.checkKnown(file, e, TOP, "at the top level"));
    YamlDoc.Entry defaults = top.get("defaults");
    HostSpec base = defaults == null ? null : FieldReader.defaults(yaml, defaults);
    BecomeSpec baseBecome = defaults == null ? BecomeSpec.NONE : FieldReader.defaultsBecome(yaml, defaults);
    YamlDoc.Entry hosts = top.get("hosts");
    if (hosts == null || YamlDoc.isNull(hosts.value())) {
      int line = hosts == null ? YamlDoc.line(root) : hosts.line();
      throw file.error(line, "no hosts; add a 'hosts:' mapping, e.g. hosts: {web-01: {address: 10.0.0.11}}");
    }
    return hosts(hosts.value(), base, baseBecome);
  }

  private Parsed hosts(Node hostsNode, HostSpec base, BecomeSpec baseBecome) {
    List<HostSpec> hosts = new ArrayList<>();
    Set<String> groups = new LinkedHashSet<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (YamlDoc.Entry entry : yaml.entries(hostsNode, "hosts")) {
      Integer first = seen.putIfAbsent(entry.key(), entry.line());
      if (first != null) {
        throw file.error(entry.line(), "duplicate host '" + entry.key() + "' (first defined at line "
            + first + "); give each host a unique name");
      }
      HostSpec host = FieldReader.host(yaml, entry, base, baseBecome);
      groups.addAll(host.groups());
      hosts.add(host);
    }
    return new Parsed(hosts, new ArrayList<>(groups));
  }
}
