package dev.steady.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code group_vars/} and {@code host_vars/} beside an Ansible inventory (beside the file, or in
 * the inventory directory), found and merged as Ansible's host_group_vars plugin does: for a group
 * or host NAME, the first of {@code NAME}, {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json}
 * that exists is read and the others are not; a directory contributes its files with no extension
 * or one of those three, in lexical order and recursively, skipping hidden files and backups ending
 * in {@code ~}; a later file overrides an earlier one. A vault-encrypted file is bad input.
 */
final class VarsFiles {

  static final List<String> EXTENSIONS = List.of(".yml", ".yaml", ".json");
  private static final List<String> CANDIDATES = List.of("", ".yml", ".yaml", ".json");

  private final Path base;
  private final Warnings warnings;
  private final Map<String, Map<String, Var>> cache = new HashMap<>();

  private VarsFiles(Path base, Warnings warnings) {
    this.base = base;
    this.warnings = warnings;
  }

  /** No variable files: an inventory with no directory beside it. */
  static VarsFiles none() {
    return new VarsFiles(null, new Warnings());
  }

  /** The variable files in {@code base}, a directory (null for none). */
  static VarsFiles in(Path base, Warnings warnings) {
    return new VarsFiles(base, warnings);
  }

  /** The variables group_vars/ gives a group, in file order; empty when it has none. */
  Map<String, Var> group(String name) {
    return load("group_vars", name);
  }

  /** The variables host_vars/ gives a host. */
  Map<String, Var> host(String name) {
    return load("host_vars", name);
  }

  private Map<String, Var> load(String kind, String name) {
    return cache.computeIfAbsent(kind + "/" + name, k -> read(kind, name));
  }

  private Map<String, Var> read(String kind, String name) {
    if (base == null || name.startsWith("/") || !Files.isDirectory(base.resolve(kind))) {
      return Map.of();
    }
    Map<String, Var> vars = new LinkedHashMap<>();
    for (Path file : found(base.resolve(kind), name)) {
      vars.putAll(VarsFile.read(file, base, warnings));
    }
    return vars;
  }

  /** The files Ansible reads for {@code name}: the first candidate that exists; a later candidate is left unread. */
  private List<Path> found(Path dir, String name) {
    Path chosen = null;
    for (String ext : CANDIDATES) {
      Path candidate = dir.resolve(name + ext);
      if (!Files.exists(candidate)) {
        continue;
      }
      if (chosen == null) {
        chosen = candidate;
      } else {
        warnings.add(relative(candidate) + " is not read: " + relative(chosen)
            + " comes first, and Ansible reads only one of NAME, NAME.yml, NAME.yaml, NAME.json");
      }
    }
    if (chosen == null) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(chosen)) {
      collect(chosen, files);
    } else {
      files.add(chosen);
    }
    return files;
  }

  private static void collect(Path dir, List<Path> into) {
    for (Path p : sortedEntries(dir)) {
      String name = p.getFileName().toString();
      if (name.startsWith(".") || name.endsWith("~")) {
        continue;
      }
      String ext = extension(name);
      if (Files.isDirectory(p) && ext.isEmpty()) {
        collect(p, into);
      } else if (Files.isRegularFile(p) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
        into.add(p);
      }
    }
  }

  /** Python's os.path.splitext: the last dot not leading the name, or nothing. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    int firstNonDot = 0;
    while (firstNonDot < name.length() && name.charAt(firstNonDot) == '.') {
      firstNonDot++;
    }
    return dot > firstNonDot ? name.substring(dot) : "";
  }

  static List<Path> sortedEntries(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
    } catch (IOException e) {
      throw dev.steady.failure.SteadyException.badInput("cannot list " + dir + " (" + e.getMessage() + "); check its permissions", e);
    }
  }

  /** Warns of group_vars and host_vars entries that name no group or host, since nothing reads them. */
  void warnUnknown(Set<String> groups, Set<String> hosts) {
    warnUnknown("group_vars", groups, "group");
    warnUnknown("host_vars", hosts, "host");
  }

  private void warnUnknown(String kind, Set<String> names, String what) {
    if (base == null || !Files.isDirectory(base.resolve(kind))) {
      return;
    }
    for (Path p : sortedEntries(base.resolve(kind))) {
      String file = p.getFileName().toString();
      if (file.startsWith(".") || file.endsWith("~")) {
        continue;
      }
      String ext = extension(file);
      String name = EXTENSIONS.contains(ext) ? file.substring(0, file.length() - ext.length()) : file;
      if (!names.contains(name) && !names.contains(file)) {
        warnings.add(relative(p) + " is not read: the inventory has no " + what + " '" + name + "'");
      }
    }
  }

  private String relative(Path p) {
    return base.relativize(p).toString();
  }

  /** One variables file: a YAML or JSON mapping of names to values. */
  static final class VarsFile {

    private VarsFile() {}

    static Map<String, Var> read(Path path, Path base, Warnings warnings) {
      SourceText file = SourceText.read(path, "variables file", base.relativize(path).toString());
      if (file.text().stripLeading().startsWith(SourceText.VAULT)) {
        throw file.error(1, "encrypted with Ansible Vault; steady cannot decrypt it, so it cannot tell whether it sets a"
            + " connection variable (ansible_host, ansible_user, ansible_port…): encrypt only the secret values"
            + " (ansible-vault encrypt_string, written !vault), which steady leaves out, and keep the rest in plain text");
      }
      YamlDoc doc = new YamlDoc(file);
      Node root = doc.compose();
      if (YamlDoc.isNull(root)) {
        return Map.of();
      }
      if (!(root instanceof MappingNode)) {
        throw file.error(YamlDoc.line(root), "variables must be a mapping of names to values, found "
            + YamlDoc.kind(root) + "; write name: value lines");
      }
      Map<String, Var> vars = new LinkedHashMap<>();
      doc.mapping(root, "the variables").forEach((k, e) -> vars.put(k, doc.var(e.value())));
      if (vars.containsKey(AnsibleModel.PRIORITY)) {
        warnings.add(vars.get(AnsibleModel.PRIORITY).where().at() + ": " + AnsibleModel.PRIORITY + " has no effect in a"
            + " variables file; Ansible reads it only from the inventory itself ([group:vars], vars:), and so does steady");
      }
      return vars;
    }
  }
}
