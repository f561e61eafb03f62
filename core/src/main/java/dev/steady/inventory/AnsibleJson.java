package dev.steady.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.failure.SteadyException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the JSON a dynamic inventory script prints for {@code --list}, which is also what {@code
 * ansible-inventory --list} writes: top-level groups with {@code hosts} (a list of names), {@code
 * children} (a list of group names) and {@code vars}, and {@code _meta.hostvars}. As Ansible's
 * script plugin does, a group written as a list is its hosts, and a group mapping with none of
 * those three keys is one host named like the group, with the mapping as its variables.
 */
final class AnsibleJson {

  static final String META = "_meta";

  private final YamlDoc doc;
  private final AnsibleModel model;
  private final Warnings warnings;
  private final Set<String> hosts = new LinkedHashSet<>();

  private AnsibleJson(YamlDoc doc, AnsibleModel model, Warnings warnings) {
    this.doc = doc;
    this.model = model;
    this.warnings = warnings;
  }

  /**
   * Reads the document whose root mapping is {@code root} into {@code model}. Without {@code
   * _meta.hostvars}, {@code hostQuery} gives each host's variables (a script's {@code --host NAME});
   * null means none.
   */
  static void read(YamlDoc doc, Node root, AnsibleModel model, Function<String, Map<String, Var>> hostQuery,
      Warnings warnings) {
    AnsibleJson reader = new AnsibleJson(doc, model, warnings);
    Map<String, YamlDoc.Entry> top = doc.mapping(root, "the inventory");
    top.values().stream().filter(e -> !e.key().equals(META)).forEach(reader::group);
    Node hostvars = top.containsKey(META) ? reader.hostvars(top.get(META).value()) : null;
    if (hostvars != null) {
      reader.hostvarsFrom(hostvars);
    } else if (hostQuery != null) {
      reader.hosts.forEach(h -> model.hostVars(h, hostQuery.apply(h)));
    }
  }

  /** Whether a JSON or YAML document is in this format rather than Ansible's YAML inventory format. */
  static boolean looksLikeScriptOutput(YamlDoc doc, Node root) {
    for (YamlDoc.Entry e : doc.entries(root, "the inventory")) {
      if (e.key().equals(META) || e.value() instanceof SequenceNode) {
        return true;
      }
      if (e.value() instanceof MappingNode
          && doc.entries(e.value(), "group").stream().anyMatch(g -> g.value() instanceof SequenceNode
              && (g.key().equals("hosts") || g.key().equals("children")))) {
        return true;
      }
    }
    return false;
  }

  private void group(YamlDoc.Entry entry) {
    String name = entry.key();
    model.group(name, new Where(doc.file(), entry.line()));
    Node value = entry.value();
    if (!(value instanceof MappingNode)) {
      hostList(name, value);
      return;
    }
    Map<String, YamlDoc.Entry> keys = doc.mapping(value, "group " + name);
    if (AnsibleYaml.GROUP_KEYS.stream().noneMatch(keys::containsKey)) {
      addHost(name, name, YamlDoc.line(value));
      keys.forEach((k, v) -> model.groupVar(name, k, doc.var(v.value())));
      return;
    }
    keys.forEach((k, v) -> {
      switch (k) {
        case "hosts" -> hostList(name, v.value());
        case "vars" -> doc.mapping(v.value(), "vars of group " + name).forEach((var, e) -> model.groupVar(name, var, doc.var(e.value())));
        case "children" -> children(name, v.value());
        default -> warnings.add(doc.file().at(v.line()) + ": key '" + k + "' of group " + name
            + " is not hosts, vars or children; Ansible ignores it, and so does steady");
      }
    });
  }

  private void hostList(String group, Node list) {
    if (YamlDoc.isNull(list)) {
      return;
    }
    if (!(list instanceof SequenceNode seq)) {
      throw doc.file().error(YamlDoc.line(list), "hosts of group " + group + " must be a list of host names, found "
          + YamlDoc.kind(list) + "; Ansible refuses it too");
    }
    for (Node item : seq.getValue()) {
      addHost(group, doc.scalar(item, "each host of group " + group), YamlDoc.line(item));
    }
  }

  private void addHost(String group, String host, int line) {
    model.host(group, host, Map.of(), new Where(doc.file(), line));
    hosts.add(host);
  }

  private void children(String group, Node node) {
    List<YamlDoc.Entry> named = node instanceof MappingNode ? doc.entries(node, "children of group " + group) : null;
    if (named != null) {
      named.forEach(c -> model.child(group, c.key(), new Where(doc.file(), c.line())));
      return;
    }
    for (String child : doc.scalars(node, "children of group " + group, "[web, db]")) {
      model.child(group, child, new Where(doc.file(), YamlDoc.line(node)));
    }
  }

  private Node hostvars(Node meta) {
    Map<String, YamlDoc.Entry> keys = doc.mapping(meta, META);
    return keys.containsKey("hostvars") ? keys.get("hostvars").value() : null;
  }

  private void hostvarsFrom(Node hostvars) {
    for (YamlDoc.Entry h : doc.mapping(hostvars, "_meta.hostvars").values()) {
      if (!hosts.contains(h.key())) {
        warnings.add(doc.file().at(h.line()) + ": _meta.hostvars has variables for " + h.key()
            + ", which no group lists; Ansible ignores them, and so does steady");
        continue;
      }
      model.hostVars(h.key(), vars(h.value(), "variables of host " + h.key()));
    }
  }

  /** A mapping of variables, as Ansible's script plugin reads {@code --host} output and hostvars. */
  Map<String, Var> vars(Node node, String what) {
    Map<String, Var> vars = new LinkedHashMap<>();
    doc.mapping(node, what).forEach((k, e) -> vars.put(k, doc.var(e.value())));
    return vars;
  }

  /** Refuses a script's output that is not JSON, as Ansible does (it reads script output as JSON only). */
  static SourceText requireJson(SourceText output) {
    if (output.text().isBlank()) {
      return output;
    }
    try {
      new ObjectMapper().readTree(output.text());
      return output;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw SteadyException.badInput("inventory script " + output.name() + " printed no valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + e.getOriginalMessage()
              .lines().findFirst().orElse("") + ")") + "; Ansible reads only JSON from a script: fix the script");
    }
  }

  /** The variables a script printed for {@code --host NAME}: a mapping, or nothing. */
  static Map<String, Var> hostOutput(SourceText output, String host) {
    YamlDoc doc = new YamlDoc(requireJson(output));
    Node root = doc.compose();
    if (YamlDoc.isNull(root)) {
      return Map.of();
    }
    return new AnsibleJson(doc, new AnsibleModel(), new Warnings()).vars(root, "variables of host " + host);
  }
}
