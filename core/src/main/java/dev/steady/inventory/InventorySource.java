package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads what {@code --inventory} names, as {@code ansible -i} would: one file (steady YAML, an ssh
 * config, Ansible INI, YAML or JSON), an executable dynamic inventory script, or an Ansible inventory
 * directory. In a directory every file Ansible reads is merged in lexical order, subdirectories
 * included, skipping what Ansible skips: hidden files, {@code group_vars}, {@code host_vars}, {@code
 * vars_plugins}, and the extensions of its {@code inventory_ignore_extensions} default. Ansible
 * inventories take {@code group_vars/} and {@code host_vars/} from beside the file, or from the
 * directory.
 */
final class InventorySource {

  /** ansible-core 2.19's default inventory_ignore_extensions (2.18 and earlier also skipped .ini). */
  static final List<String> IGNORED_EXTENSIONS = List.of(".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt",
      ".rst", ".orig", ".cfg", ".retry");
  private static final List<String> IGNORED_NAMES = List.of("host_vars", "group_vars", "vars_plugins");

  private final Duration scriptTimeout;
  private final AnsibleModel model = new AnsibleModel();
  private final Warnings warnings = new Warnings();

  private InventorySource(Duration scriptTimeout) {
    this.scriptTimeout = scriptTimeout;
  }

  static Parsed read(Path path, Duration scriptTimeout) {
    InventorySource source = new InventorySource(scriptTimeout);
    return Files.isDirectory(path) ? source.directory(path) : source.file(path);
  }

  private Parsed file(Path path) {
    Path base = path.toAbsolutePath().getParent();
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    if (Files.isRegularFile(path) && isScript(path, name)) {
      script(path, name);
    } else {
      refuseToml(name);
      Optional<Parsed> whole = InventoryFormat.read(SourceText.readInventory(path), model, true, warnings);
      if (whole.isPresent()) {
        return whole.get();
      }
    }
    return model.resolve(VarsFiles.in(base, warnings), warnings);
  }

  private Parsed directory(Path dir) {
    List<Path> files = new ArrayList<>();
    walk(dir, dir, files);
    if (files.isEmpty()) {
      throw SteadyException.badInput("inventory directory " + dir + " has no inventory file (Ansible skips hidden files,"
          + " group_vars, host_vars and " + String.join(" ", IGNORED_EXTENSIONS) + "); add one or pass --inventory FILE");
    }
    for (Path file : files) {
      String name = dir.relativize(file).toString();
      if (isScript(file, name)) {
        script(file, name);
      } else {
        refuseToml(name);
        InventoryFormat.read(SourceText.read(file, "inventory", name), model, false, warnings);
      }
    }
    if (!model.hasHosts()) {
      throw SteadyException.badInput("inventory directory " + dir + " names no hosts in "
          + String.join(", ", files.stream().map(f -> dir.relativize(f).toString()).toList()) + "; add hosts to one of them");
    }
    return model.resolve(VarsFiles.in(dir, warnings), warnings);
  }

  private void walk(Path top, Path dir, List<Path> into) {
    for (Path p : VarsFiles.sortedEntries(dir)) {
      String name = p.getFileName().toString();
      if (name.startsWith(".") || IGNORED_EXTENSIONS.stream().anyMatch(name::endsWith)) {
        continue;
      }
      if (IGNORED_NAMES.contains(name)) {
        if (!dir.equals(top)) {
          warnings.add(top.relativize(p) + " is not read: Ansible reads group_vars and host_vars only beside the"
              + " inventory it was given (" + top.resolve(name) + ")");
        }
        continue;
      }
      if (Files.isDirectory(p)) {
        walk(top, p, into);
      } else if (Files.isRegularFile(p)) {
        into.add(p);
      } else {
        throw SteadyException.badInput(top.relativize(p) + " in inventory directory " + top
            + " is not a regular file; remove it or move it out of the directory");
      }
    }
  }

  private void script(Path path, String name) {
    InventoryScript script = new InventoryScript(path, name, scriptTimeout);
    SourceText output = AnsibleJson.requireJson(script.run("--list"));
    YamlDoc doc = new YamlDoc(output);
    Node root = doc.compose();
    if (!(root instanceof MappingNode)) {
      throw SteadyException.badInput("inventory script " + output.name() + " printed "
          + (YamlDoc.isNull(root) ? "nothing" : YamlDoc.kind(root)) + ", not a JSON object of groups; fix the script");
    }
    AnsibleJson.read(doc, root, model, host -> AnsibleJson.hostOutput(script.run("--host", host), host), warnings);
  }

  /**
   * True for a file Ansible runs: executable, and starting with {@code #!} or being a compiled
   * program. An executable text file without {@code #!} fails to run, and Ansible then reads it as
   * a file, as steady does. A {@code #!} file that is not executable fails in Ansible: refused.
   */
  private static boolean isScript(Path file, String name) {
    byte[] head = head(file);
    boolean shebang = head.length >= 2 && head[0] == '#' && head[1] == '!';
    boolean elf = Arrays.equals(head, new byte[] {0x7f, 'E', 'L', 'F'});
    if (!Files.isExecutable(file)) {
      if (shebang) {
        throw SteadyException.badInput(name + " starts with #! but is not executable; Ansible would try to run it as"
            + " a dynamic inventory and fail: make it executable (chmod +x " + name + ") or remove the #! line");
      }
      return false;
    }
    return shebang || elf;
  }

  private static byte[] head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(4);
    } catch (IOException e) {
      throw SteadyException.badInput("cannot read inventory " + file + " (" + e.getMessage() + "); check its permissions", e);
    }
  }

  private static void refuseToml(String name) {
    if (name.endsWith(".toml")) {
      throw SteadyException.badInput(name + ": steady does not read TOML inventories; convert it to YAML with"
          + " `ansible-inventory -i " + name + " --list --yaml`");
    }
  }
}
