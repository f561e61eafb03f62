package dev.steady.inventory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a YAML file as a node tree, so every value keeps its line for error messages. */
final class YamlDoc {

  /** Generated inventories (a script's JSON, ansible-inventory --list) are larger than SnakeYAML's 3 MB default. */
  private static final int MAX_CODE_POINTS = 256 * 1024 * 1024;
  private static final String VAULT_TAG = "!vault";
  private static final String UNSAFE_TAG = "!unsafe";

  private final SourceText file;

  YamlDoc(SourceText file) {
    this.file = file;
  }

  SourceText file() {
    return file;
  }

  /** The root node, or null for a file with no document; malformed YAML fails with its line. */
  Node compose() {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      options.setCodePointLimit(MAX_CODE_POINTS);
      return new Yaml(options).compose(new StringReader(file.text()));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      throw file.error(line, "malformed YAML: " + problem(e) + "; fix the syntax (indentation, colons, quotes)");
    } catch (YAMLException | IllegalArgumentException e) {
      throw file.error(1, "malformed YAML: " + oneLine(e.getMessage()) + "; fix the syntax");
    }
  }

  private static String problem(MarkedYAMLException e) {
    return oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage());
  }

  private static String oneLine(String text) {
    return text == null ? "unknown error" : text.replaceAll("\\s+", " ").trim();
  }

  static int line(Node node) {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
  }

  /** One key of a mapping, the line it is on, and its value. */
  record Entry(String key, int line, Node value) {}

  /** The entries of a mapping in file order, repeated keys included. */
  List<Entry> entries(Node node, String what) {
    if (isNull(node)) {
      return List.of();
    }
    if (!(node instanceof MappingNode map)) {
      throw file.error(line(node), what + " must be a mapping (key: value), found " + kind(node));
    }
    List<Entry> entries = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      Node key = tuple.getKeyNode();
      entries.add(new Entry(keyText(key, what), line(key), tuple.getValueNode()));
    }
    return entries;
  }

  /** The entries of a mapping by key, in file order; a repeated key fails. */
  Map<String, Entry> mapping(Node node, String what) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Entry entry : entries(node, what)) {
      Entry first = entries.putIfAbsent(entry.key(), entry);
      if (first != null) {
        throw file.error(entry.line(), "duplicate key '" + entry.key() + "' in " + what
            + " (first at line " + first.line() + "); keep one of them");
      }
    }
    return entries;
  }

  private String keyText(Node key, String what) {
    if (key instanceof ScalarNode scalar && !isNull(scalar)) {
      return scalar.getValue();
    }
    throw file.error(line(key), "keys of " + what + " must be plain names, found " + kind(key));
  }

  /** The text of a scalar, or null for a YAML null; anything else fails. */
  String scalar(Node node, String what) {
    if (isNull(node)) {
      return null;
    }
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw file.error(line(node), what + " must be a single value, found " + kind(node));
  }

  /** The texts of a sequence of scalars. */
  List<String> scalars(Node node, String what, String example) {
    if (isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode seq)) {
      throw file.error(line(node), what + " must be a list like " + example + ", found " + kind(node));
    }
    List<String> values = new ArrayList<>();
    for (Node item : seq.getValue()) {
      values.add(scalar(item, "each item of " + what));
    }
    return values;
  }

  /**
   * A variable's value as text, where it is, and whether Ansible would read it as vault ciphertext
   * ({@code !vault}, or {@code __ansible_vault} in ansible-inventory's JSON) or never template it
   * ({@code !unsafe}, {@code __ansible_unsafe}).
   */
  Var var(Node node) {
    Where where = new Where(file, line(node));
    String tag = node.getTag().getValue();
    if (tag.equals(VAULT_TAG)) {
      return new Var(text(node), where, Var.Kind.VAULTED);
    }
    if (tag.equals(UNSAFE_TAG)) {
      return new Var(text(node), where, Var.Kind.UNSAFE);
    }
    if (node instanceof MappingNode map && map.getValue().size() == 1
        && map.getValue().get(0).getKeyNode() instanceof ScalarNode key) {
      Node inner = map.getValue().get(0).getValueNode();
      if (key.getValue().equals("__ansible_vault")) {
        return new Var(text(inner), where, Var.Kind.VAULTED);
      }
      if (key.getValue().equals("__ansible_unsafe")) {
        return new Var(text(inner), where, Var.Kind.UNSAFE);
      }
    }
    return new Var(text(node), where, Var.Kind.PLAIN);
  }

  /** Any value as text: scalars as written, collections in YAML flow style. */
  static String text(Node node) {
    return text(node, 0);
  }

  private static String text(Node node, int depth) {
    if (depth > 32) {
      return "...";
    }
    if (isNull(node)) {
      return "";
    }
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    if (node instanceof SequenceNode seq) {
      return "[" + String.join(", ", seq.getValue().stream().map(n -> text(n, depth + 1)).toList()) + "]";
    }
    List<String> pairs = new ArrayList<>();
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      pairs.add(text(t.getKeyNode(), depth + 1) + ": " + text(t.getValueNode(), depth + 1));
    }
    return "{" + String.join(", ", pairs) + "}";
  }

  static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }
}
