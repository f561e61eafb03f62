package dev.steady.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the fields of one host (or of {@code defaults}) in steady's YAML, checking names and types. */
final class FieldReader {

  static final List<String> DEFAULT_FIELDS =
      List.of("user", "port", "identity_file", "env", "connection", "proxy_jump", "expect_hostname", "vars", "become", "become_user",
          "become_method");
  static final List<String> HOST_FIELDS = List.of("address", "port", "user", "identity_file",
      "groups", "vars", "env", "expect_hostname", "expect_machine_id", "proxy_jump", "connection", "become", "become_user",
      "become_method");

  private final YamlDoc yaml;
  private final String owner;
  private final Map<String, YamlDoc.Entry> fields;

  private FieldReader(YamlDoc yaml, String owner, Node node, List<String> known) {
    this.yaml = yaml;
    this.owner = owner;
    this.fields = yaml.mapping(node, owner);
    fields.values().forEach(e -> checkKnown(yaml.file(), e, known, where()));
  }

  static HostSpec defaults(YamlDoc yaml, YamlDoc.Entry entry) {
    FieldReader r = new FieldReader(yaml, "defaults", entry.value(), DEFAULT_FIELDS);
    return new HostSpec(null, null, r.port(), r.text("user"), r.text("identity_file"), List.of(),
        r.vars(Map.of()), r.text("env"), r.text("expect_hostname"), r.text("proxy_jump"), yaml.file().at(entry.line()), null);
  }

  /** The become settings of {@code defaults}, for every host to fall back on field by field. */
  static BecomeSpec defaultsBecome(YamlDoc yaml, YamlDoc.Entry entry) {
    return new FieldReader(yaml, "defaults", entry.value(), DEFAULT_FIELDS).become();
  }

  static HostSpec host(YamlDoc yaml, YamlDoc.Entry entry, HostSpec base, BecomeSpec baseBecome) {
    SourceText file = yaml.file();
    String name = Names.check(entry.key(), "host", file, entry.line());
    FieldReader r = new FieldReader(yaml, "host " + name, entry.value(), HOST_FIELDS);
    HostSpec b = base != null ? base : new HostSpec(null, null, null, null, null, null, null, null, null, null, null, null);
    return new HostSpec(name, r.text("address"), or(r.port(), b.port()), or(r.text("user"), b.user()),
        or(r.text("identity_file"), b.identityFile()), r.groups(), r.vars(b.vars()),
        or(r.text("env"), b.env()), or(r.text("expect_hostname"), b.expectHostname()), or(r.text("proxy_jump"), b.proxyJump()),
        file.at(entry.line()), r.machineId(name), null, r.become().or(baseBecome).toBecome());
  }

  static void checkKnown(SourceText file, YamlDoc.Entry entry, List<String> known, String where) {
    if (!known.contains(entry.key())) {
      String hint = Spelling.hint(entry.key(), known);
      String fix = hint.isEmpty() ? "; known fields: " + String.join(", ", known) : hint;
      throw file.error(entry.line(), "unknown field '" + entry.key() + "' " + where + fix);
    }
  }

  private static <T> T or(T own, T fallback) {
    return own != null ? own : fallback;
  }

  private String text(String field) {
    YamlDoc.Entry e = fields.get(field);
    return e == null ? null : yaml.scalar(e.value(), field + " " + where());
  }

  /** become, become_user and become_method as set here; the first of them that is set names the line. */
  private BecomeSpec become() {
    YamlDoc.Entry first = java.util.stream.Stream.of("become", "become_user", "become_method").map(fields::get)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    if (first == null) {
      return BecomeSpec.NONE;
    }
    int line = YamlDoc.line(first.value());
    return BecomeSpec.of(text("become"), text("become_user"), text("become_method"), "", where(), yaml.file().at(line),
        m -> yaml.file().error(line, m));
  }

  private String machineId(String host) {
    YamlDoc.Entry e = fields.get("expect_machine_id");
    return e == null ? null : MachineIds.check(text("expect_machine_id"), host, m -> yaml.file().error(YamlDoc.line(e.value()), m));
  }

  private String where() {
    return owner.equals("defaults") ? "in defaults" : "for " + owner;
  }

  private Integer port() {
    YamlDoc.Entry e = fields.get("port");
    String text = text("port");
    if (text == null) {
      return null;
    }
    return Ports.parse(text, () -> yaml.file().error(YamlDoc.line(e.value()),
        "port " + where() + " must be a number from 1 to 65535, found '" + text + "'; fix the port"));
  }

  private List<String> groups() {
    YamlDoc.Entry e = fields.get("groups");
    if (e == null) {
      return List.of();
    }
    List<String> groups = yaml.scalars(e.value(), "groups " + where(), "[app, web]");
    groups.forEach(g -> Names.check(g, "group", yaml.file(), YamlDoc.line(e.value())));
    return groups.stream().distinct().toList();
  }

  private Map<String, String> vars(Map<String, String> inherited) {
    Map<String, String> vars = new LinkedHashMap<>(inherited);
    YamlDoc.Entry e = fields.get("vars");
    if (e != null) {
      for (YamlDoc.Entry v : yaml.mapping(e.value(), "vars " + where()).values()) {
        String value = yaml.scalar(v.value(), "vars." + v.key() + " " + where());
        vars.put(v.key(), value == null ? "" : value);
      }
    }
    connection().ifPresent(c -> vars.put("connection", c));
    return vars;
  }

  private Optional<String> connection() {
    YamlDoc.Entry e = fields.get("connection");
    String value = text("connection");
    if (value == null) {
      return Optional.empty();
    }
    if (!value.equals("local") && !value.equals("ssh")) {
      throw yaml.file().error(YamlDoc.line(e.value()), "connection " + where()
          + " must be 'ssh' or 'local', found '" + value + "'; fix the connection");
    }
    return Optional.of(value);
  }
}
