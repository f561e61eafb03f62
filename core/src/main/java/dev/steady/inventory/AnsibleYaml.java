package dev.steady.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Parses an Ansible YAML inventory: groups with {@code hosts:}, {@code vars:} and {@code children:}. */
final class AnsibleYaml {

  static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");
  private static final int MAX_DEPTH = 64;
  private static final Pattern HOST_PORT = Pattern.compile("([^:]+):(\\d+)");

  private final YamlDoc yaml;
  private final AnsibleModel model;

  private AnsibleYaml(YamlDoc yaml) {
    this.yaml = yaml;
    this.model = new AnsibleModel(yaml.file());
  }

  static Parsed parse(YamlDoc yaml, Node root) {
    AnsibleYaml reader = new AnsibleYaml(yaml);
    for (YamlDoc.Entry group : yaml.mapping(root, "the inventory").values()) {
      reader.group(group, 0);
    }
    return reader.model.resolve();
  }

  private void group(YamlDoc.Entry entry, int depth) {
    String name = entry.key();
    if (depth > MAX_DEPTH) {
      throw yaml.file().error(entry.line(), "groups nested deeper than " + MAX_DEPTH
          + " levels at group " + name + "; check for a group that contains itself");
    }
    model.group(name, entry.line());
    Map<String, YamlDoc.Entry> keys = yaml.mapping(entry.value(), "group " + name);
    for (YamlDoc.Entry key : keys.values()) {
      FieldReader.checkKnown(yaml.file(), key, GROUP_KEYS, "in group " + name);
    }
    if (keys.containsKey("vars")) {
      vars(keys.get("vars").value(), "vars of group " + name).forEach((k, v) -> model.groupVar(name, k, v));
    }
    if (keys.containsKey("hosts")) {
      for (YamlDoc.Entry host : yaml.mapping(keys.get("hosts").value(), "hosts of group " + name).values()) {
        host(name, host);
      }
    }
    if (keys.containsKey("children")) {
      for (YamlDoc.Entry child : yaml.mapping(keys.get("children").value(), "children of group " + name).values()) {
        model.child(name, child.key(), child.line());
        group(child, depth + 1);
      }
    }
  }

  private void host(String group, YamlDoc.Entry entry) {
    Map<String, Var> vars = vars(entry.value(), "host " + entry.key());
    String pattern = entry.key();
    Matcher hostPort = HOST_PORT.matcher(pattern);
    if (hostPort.matches()) {
      pattern = hostPort.group(1);
      vars.put("ansible_port", new Var(hostPort.group(2), entry.line()));
    }
    for (String name : HostRange.expand(pattern, yaml.file(), entry.line())) {
      model.host(group, name, vars, entry.line());
    }
  }

  private Map<String, Var> vars(Node node, String what) {
    Map<String, Var> vars = new LinkedHashMap<>();
    for (YamlDoc.Entry v : yaml.mapping(node, what).values()) {
      vars.put(v.key(), new Var(YamlDoc.text(v.value()), YamlDoc.line(v.value())));
    }
    return vars;
  }
}
