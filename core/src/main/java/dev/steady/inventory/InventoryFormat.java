package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Recognises an inventory file's format from its content (never its extension) and parses it:
 * steady YAML and ssh configs are whole inventories; Ansible INI, YAML and script JSON go into an
 * {@link AnsibleModel}, which may gather several files of an inventory directory.
 */
final class InventoryFormat {

  private static final Pattern YAML_KEY = Pattern.compile("(\"[^\"]*\"|'[^']*'|[^\\s\\[#;=\"'][^\\s]*?)\\s*:(\\s.*)?");
  private static final Set<String> SSH_BLOCKS = Set.of("host", "match", "include");
  private static final Set<String> SSH_OPTIONS = Set.of("user", "port", "identityfile", "hostname",
      "proxyjump", "serveraliveinterval", "serveralivecountmax", "forwardagent", "stricthostkeychecking",
      "userknownhostsfile", "addkeystoagent", "identitiesonly", "controlmaster", "controlpath",
      "controlpersist", "compression", "sendenv", "loglevel", "hashknownhosts", "pubkeyauthentication");

  private InventoryFormat() {}

  /** One file as a whole inventory, with no variable files beside it. */
  static Parsed read(SourceText file) {
    AnsibleModel model = new AnsibleModel();
    Warnings warnings = new Warnings();
    return read(file, model, true, warnings).orElseGet(() -> model.resolve(VarsFiles.none(), warnings));
  }

  /**
   * Reads one file: a steady YAML or ssh-config inventory is returned whole; Ansible groups and hosts
   * are added to {@code model} and nothing is returned. {@code alone} is false for a file of an
   * inventory directory, where only what Ansible reads there is accepted.
   */
  static Optional<Parsed> read(SourceText file, AnsibleModel model, boolean alone, Warnings warnings) {
    if (file.text().stripLeading().startsWith(SourceText.VAULT)) {
      throw file.error(1, "encrypted with Ansible Vault; steady cannot decrypt an inventory: keep hosts and"
          + " connection variables in plain text and encrypt only secret values (ansible-vault encrypt_string)");
    }
    List<String> lines = meaningful(file.text());
    if (lines.isEmpty()) {
      if (alone) {
        throw file.error(1, "the inventory is empty; add hosts, e.g. hosts: {web-01: {address: 10.0.0.11}}");
      }
      return Optional.empty();
    }
    String first = lines.get(0);
    if (isSshConfig(first, lines)) {
      return Optional.of(whole(SshConfigInventory.parse(file), file, alone));
    }
    if (first.startsWith("---") || first.startsWith("{") || YAML_KEY.matcher(first).matches()) {
      return yaml(file, first, model, alone, warnings);
    }
    AnsibleIni.read(file, model);
    return Optional.empty();
  }

  private static Parsed whole(Parsed parsed, SourceText file, boolean alone) {
    if (!alone) {
      throw SteadyException.badInput(file.name() + ": a steady YAML or ssh-config inventory, not an Ansible one;"
          + " Ansible would skip it in an inventory directory: move it out of the directory, or pass it alone with --inventory");
    }
    return parsed;
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

  private static Optional<Parsed> yaml(SourceText file, String first, AnsibleModel model, boolean alone, Warnings warnings) {
    YamlDoc doc = new YamlDoc(file);
    Node root = doc.compose();
    if (YamlDoc.isNull(root)) {
      if (alone) {
        throw file.error(1, "the inventory is empty; add hosts, e.g. hosts: {web-01: {address: 10.0.0.11}}");
      }
      return Optional.empty();
    }
    if (!(root instanceof MappingNode)) {
      throw notInventory(file);
    }
    List<YamlDoc.Entry> top = doc.entries(root, "the inventory");
    top.stream().filter(e -> e.key().equals("plugin")).findFirst().ifPresent(e -> {
      throw file.error(e.line(), "an Ansible inventory plugin configuration (plugin: " + YamlDoc.text(e.value())
          + "); steady cannot run inventory plugins: write the hosts out with `ansible-inventory -i " + file.name()
          + " --list > hosts.json` and pass that file with --inventory");
    });
    if (top.stream().anyMatch(e -> SteadyYaml.TOP.contains(e.key()))) {
      return Optional.of(whole(SteadyYaml.parse(doc, root), file, alone));
    }
    if (first.startsWith("{") && AnsibleJson.looksLikeScriptOutput(doc, root)) {
      if (!alone) {
        throw SteadyException.badInput(file.name() + ": the JSON of a dynamic inventory (as ansible-inventory --list"
            + " prints it); Ansible cannot read it as a file of an inventory directory and would skip it: move it out"
            + " and pass it alone with --inventory, or make it an executable script");
      }
      AnsibleJson.read(doc, root, model, null, warnings);
      return Optional.empty();
    }
    if (top.stream().anyMatch(e -> e.key().equals(AnsibleModel.ALL) || isGroup(doc, e.value()))) {
      AnsibleYaml.read(doc, root, model);
      return Optional.empty();
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
