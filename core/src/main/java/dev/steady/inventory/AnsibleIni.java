package dev.steady.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an Ansible INI inventory: {@code [group]}, {@code [group:vars]}, {@code [group:children]}.
 * As Ansible's ini plugin, hosts before the first section are ungrouped, a child group is linked to
 * its parent when its own section appears, and a {@code [group:vars]} or a child naming a group no
 * section declares is an error.
 */
final class AnsibleIni {

  private static final Pattern HEADER = Pattern.compile("\\[([^\\]:\\s]+)(?::([^\\]\\s]*))?\\]\\s*(?:[#;].*)?");
  private static final Pattern HOST_PORT = Pattern.compile("([^:]+):(\\d+)");
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private enum Kind { HOSTS, VARS, CHILDREN }

  /** A group named before its section: a [group:vars] section, or a child of these parents. */
  private record Pending(Kind kind, int line, List<String> parents) {}

  private final SourceText file;
  private final AnsibleModel model;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private Kind kind = Kind.HOSTS;
  private String group = AnsibleModel.UNGROUPED;

  private AnsibleIni(SourceText file, AnsibleModel model) {
    this.file = file;
    this.model = model;
  }

  /** Reads {@code file} into {@code model}. */
  static void read(SourceText file, AnsibleModel model) {
    AnsibleIni ini = new AnsibleIni(file, model);
    String[] lines = file.text().split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      ini.line(lines[i].strip(), i + 1);
    }
    ini.undeclared();
  }

  /** Reads one INI file as a whole inventory. */
  static Parsed parse(SourceText file) {
    AnsibleModel model = new AnsibleModel();
    read(file, model);
    return model.resolve(VarsFiles.none(), new Warnings());
  }

  private void line(String line, int no) {
    if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
      return;
    }
    if (line.startsWith("[")) {
      header(line, no);
      return;
    }
    switch (kind) {
      case HOSTS -> hostLine(line, no);
      case VARS -> varLine(line, no);
      case CHILDREN -> childLine(line, no);
    }
  }

  private void header(String line, int no) {
    Matcher m = HEADER.matcher(line);
    if (!m.matches()) {
      throw file.error(no, "malformed section header '" + line
          + "'; write [group], [group:vars] or [group:children]");
    }
    String suffix = m.group(2);
    kind = suffix == null ? Kind.HOSTS : switch (suffix) {
      case "vars" -> Kind.VARS;
      case "children" -> Kind.CHILDREN;
      default -> throw file.error(no, "unknown section kind ':" + suffix + "' in '" + line
          + "'; write [group], [group:vars] or [group:children]");
    };
    group = m.group(1);
    if (!model.hasGroup(group)) {
      if (kind == Kind.VARS && !pending.containsKey(group)) {
        pending.put(group, new Pending(Kind.VARS, no, List.of()));
      }
      model.group(group, new Where(file, no));
    }
    Pending waiting = pending.get(group);
    if (waiting != null && kind != Kind.VARS) {
      if (waiting.kind() == Kind.CHILDREN) {
        linkPending(group);
      } else {
        pending.remove(group);
      }
    }
  }

  private void linkPending(String child) {
    for (String parent : pending.get(child).parents()) {
      model.child(parent, child, new Where(file, pending.get(child).line()));
      Pending up = pending.get(parent);
      if (up != null && up.kind() == Kind.CHILDREN) {
        linkPending(parent);
      }
    }
    pending.remove(child);
  }

  private void undeclared() {
    pending.forEach((name, p) -> {
      List<String> declared = model.groupNames().stream().filter(g -> !pending.containsKey(g) && !p.parents().contains(g)
          && !g.equals(AnsibleModel.ALL) && !g.equals(AnsibleModel.UNGROUPED)).toList();
      String hint = Spelling.hint(name, declared);
      if (p.kind() == Kind.VARS) {
        throw file.error(p.line(), "[" + name + ":vars] sets variables of group '" + name + "', which no [" + name
            + "] or [" + name + ":children] section and no children list declares" + hint
            + "; Ansible cannot parse this file either: declare the group or fix its name");
      }
      throw file.error(p.line(), "[" + p.parents().get(p.parents().size() - 1) + ":children] names group '" + name
          + "', which no section declares" + hint + "; Ansible cannot parse this file either: add a [" + name
          + "] section or fix the name");
    });
  }

  private void hostLine(String line, int no) {
    List<String> tokens = IniTokens.split(line, file, no);
    if (tokens.isEmpty()) {
      return;
    }
    Map<String, Var> vars = new LinkedHashMap<>();
    String pattern = tokens.get(0);
    Matcher hostPort = HOST_PORT.matcher(pattern);
    if (hostPort.matches()) {
      pattern = hostPort.group(1);
      vars.put("ansible_port", Var.of(hostPort.group(2), file, no));
    }
    for (String token : tokens.subList(1, tokens.size())) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw file.error(no, "expected key=value after host " + tokens.get(0) + ", found '" + token
            + "'; write variables as name=value");
      }
      vars.put(varName(token.substring(0, eq), no), Var.of(token.substring(eq + 1), file, no));
    }
    for (String name : HostRange.expand(pattern, file, no)) {
      model.host(group, name, vars, new Where(file, no));
    }
  }

  private void varLine(String line, int no) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      throw file.error(no, "expected name=value in [" + group + ":vars], found '" + line
          + "'; write one variable per line as name=value");
    }
    String value = unquote(line.substring(eq + 1).strip());
    model.groupVar(group, varName(line.substring(0, eq).strip(), no), Var.of(value, file, no));
  }

  private void childLine(String line, int no) {
    List<String> tokens = IniTokens.split(line, file, no);
    if (tokens.size() > 1) {
      throw file.error(no, "expected one group name per line in [" + group + ":children], found '"
          + line + "'; list child groups one per line");
    }
    if (tokens.isEmpty()) {
      return;
    }
    String child = tokens.get(0);
    if (model.hasGroup(child)) {
      model.child(group, child, new Where(file, no));
    } else {
      Names.check(child, "group", file, no);
      pending.computeIfAbsent(child, c -> new Pending(Kind.CHILDREN, no, new ArrayList<>())).parents().add(group);
    }
  }

  private String varName(String name, int no) {
    if (!VAR_NAME.matcher(name).matches()) {
      throw file.error(no, "invalid variable name '" + name
          + "'; use letters, digits and underscores, starting with a letter");
    }
    return name;
  }

  private static String unquote(String value) {
    boolean quoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0);
    return quoted ? value.substring(1, value.length() - 1) : value;
  }
}
