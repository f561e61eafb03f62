package dev.steady.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses an Ansible YAML inventory: groups with {@code hosts:}, {@code vars:} and {@code children:},
 * read in the order the file writes them, as Ansible's yaml plugin does.
 */
final class AnsibleYaml {

  static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");
  private static final int MAX_DEPTH = 64;
  private static final Pattern HOST_PORT = Pattern.compile("([^:]+):(\\d+)");

  private final YamlDoc yaml;
  private final AnsibleModel model;

  private AnsibleYaml(YamlDoc yaml, AnsibleModel model) {
    this.yaml = yaml;
    this.model = model;
  }

  /** Reads the inventory whose root mapping is {@code root} into {@code model}. */
  static void read(YamlDoc yaml, Node root, AnsibleModel model) {
    AnsibleYaml reader = new AnsibleYaml(yaml, model);
    for (YamlDoc.Entry group : yaml.mapping(root, "the inventory").values()) {
      reader.group(group, 0);
    }
  }

  private void group(YamlDoc.Entry entry, int depth) {
    String name = entry.key();
    if (depth > MAX_DEPTH) {
      throw yaml.file().error(entry.line(), "groups nested deeper than " + MAX_DEPTH
          + " levels at group " + name + "; check for a group that contains itself");
    }
    model.group(name, new Where(yaml.file(), entry.line()));
    for (YamlDoc.Entry key : yaml.mapping(entry.value(), "group " + name).values()) {
      FieldReader.checkKnown(yaml.file(), key, GROUP_KEYS, "in group " + name);
      switch (key.key()) {
        case "vars" -> vars(key.value(), "vars of group " + name).forEach((k, v) -> model.groupVar(name, k, v));
        case "hosts" -> yaml.mapping(key.value(), "hosts of group " + name).values().forEach(h -> host(name, h));
        default -> {
          for (YamlDoc.Entry child : yaml.mapping(key.value(), "children of group " + name).values()) {
            group(child, depth + 1);
            model.child(name, child.key(), new Where(yaml.file(), child.line()));
          }
        }
      }
    }
  }

  private void host(String group, YamlDoc.Entry entry) {
    Map<String, Var> vars = vars(entry.value(), "host " + entry.key());
    String pattern = entry.key();
    Matcher hostPort = HOST_PORT.matcher(pattern);
    if (hostPort.matches()) {
      pattern = hostPort.group(1);
      vars.put("ansible_port", Var.of(hostPort.group(2), yaml.file(), entry.line()));
    }
    for (String name : HostRange.expand(pattern, yaml.file(), entry.line())) {
      model.host(group, name, vars, new Where(yaml.file(), entry.line()));
    }
  }

  private Map<String, Var> vars(Node node, String what) {
    Map<String, Var> vars = new LinkedHashMap<>();
    for (YamlDoc.Entry v : yaml.mapping(node, what).values()) {
      vars.put(v.key(), yaml.var(v.value()));
    }
    return vars;
  }
}
