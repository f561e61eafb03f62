package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Recognises an inventory's format from its content (never its extension) and parses it. */
final class InventoryFormat {

  private static final Pattern YAML_KEY = Pattern.compile("(\"[^\"]*\"|'[^']*'|[^\\s\\[#;=\"'][^\\s]*?)\\s*:(\\s.*)?");
  private static final Set<String> SSH_BLOCKS = Set.of("host", "match", "include");
  private static final Set<String> SSH_OPTIONS = Set.of("user", "port", "identityfile", "hostname",
      "proxyjump", "serveraliveinterval", "serveralivecountmax", "forwardagent", "stricthostkeychecking",
      "userknownhostsfile", "addkeystoagent", "identitiesonly", "controlmaster", "controlpath",
      "controlpersist", "compression", "sendenv", "loglevel", "hashknownhosts", "pubkeyauthentication");

  private InventoryFormat() {}

  static Parsed read(SourceText file) {
    List<String> lines = meaningful(file.text());
    if (lines.isEmpty()) {
      throw file.error(1, "the inventory is empty; add hosts, e.g. hosts: {web-01: {address: 10.0.0.11}}");
    }
    String first = lines.get(0);
    if (isSshConfig(first, lines)) {
      return SshConfigInventory.parse(file);
    }
    if (first.startsWith("---") || first.startsWith("{") || YAML_KEY.matcher(first).matches()) {
      return yaml(file);
    }
    return AnsibleIni.parse(file);
  }

  private static List<String> meaningful(String text) {
    return Arrays.stream(text.split("\r?\n|\r"))
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";"))
        .toList();
  }

  private static boolean isSshConfig(String first, List<String> lines) {
    String keyword = keyword(first);
    if (SSH_BLOCKS.contains(keyword) && !first.contains("=") || keyword.equals("host=")) {
      return true;
    }
    return SSH_OPTIONS.contains(keyword) && lines.stream().anyMatch(l -> keyword(l).equals("host"));
  }

  private static String keyword(String line) {
    String[] words = line.split("\\s+", 2);
    String word = words[0].toLowerCase(Locale.ROOT);
    return word.startsWith("host=") ? "host=" : word;
  }

  private static Parsed yaml(SourceText file) {
    YamlDoc doc = new YamlDoc(file);
    Node root = doc.compose();
    if (YamlDoc.isNull(root)) {
      throw file.error(1, "the inventory is empty; add hosts, e.g. hosts: {web-01: {address: 10.0.0.11}}");
    }
    if (!(root instanceof MappingNode)) {
      throw notInventory(file);
    }
    List<YamlDoc.Entry> top = doc.entries(root, "the inventory");
    if (top.stream().anyMatch(e -> SteadyYaml.TOP.contains(e.key()))) {
      return SteadyYaml.parse(doc, root);
    }
    if (top.stream().anyMatch(e -> e.key().equals(AnsibleModel.ALL) || isGroup(doc, e.value()))) {
      return AnsibleYaml.parse(doc, root);
    }
    for (YamlDoc.Entry e : top) {
      if (!Spelling.hint(e.key(), SteadyYaml.TOP).isEmpty()) {
        FieldReader.checkKnown(file, e, SteadyYaml.TOP, "at the top level");
      }
    }
    throw notInventory(file);
  }

  private static boolean isGroup(YamlDoc doc, Node value) {
    return value instanceof MappingNode
        && doc.entries(value, "group").stream().anyMatch(e -> AnsibleYaml.GROUP_KEYS.contains(e.key()));
  }

  static SteadyException notInventory(SourceText file) {
    return SteadyException.badInput(file.name() + ": not a steady/Ansible/ssh-config inventory; write steady "
        + "YAML (hosts: {web-01: {address: 10.0.0.11}}), an Ansible INI or YAML inventory, or an ssh config");
  }
}
