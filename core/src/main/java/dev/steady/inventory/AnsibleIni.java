package dev.steady.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses an Ansible INI inventory: {@code [group]}, {@code [group:vars]}, {@code [group:children]}. */
final class AnsibleIni {

  private static final Pattern HEADER = Pattern.compile("\\[([^\\]:\\s]+)(?::([^\\]\\s]*))?\\]\\s*(?:[#;].*)?");
  private static final Pattern HOST_PORT = Pattern.compile("([^:]+):(\\d+)");
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private enum Kind { HOSTS, VARS, CHILDREN }

  private final SourceText file;
  private final AnsibleModel model;
  private Kind kind = Kind.HOSTS;
  private String group = AnsibleModel.ALL;

  private AnsibleIni(SourceText file) {
    this.file = file;
    this.model = new AnsibleModel(file);
  }

  static Parsed parse(SourceText file) {
    AnsibleIni ini = new AnsibleIni(file);
    String[] lines = file.text().split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      ini.line(lines[i].strip(), i + 1);
    }
    return ini.model.resolve();
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
    model.group(group, no);
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
      vars.put("ansible_port", new Var(hostPort.group(2), no));
    }
    for (String token : tokens.subList(1, tokens.size())) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw file.error(no, "expected key=value after host " + tokens.get(0) + ", found '" + token
            + "'; write variables as name=value");
      }
      vars.put(varName(token.substring(0, eq), no), new Var(token.substring(eq + 1), no));
    }
    for (String name : HostRange.expand(pattern, file, no)) {
      model.host(group, name, vars, no);
    }
  }

  private void varLine(String line, int no) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      throw file.error(no, "expected name=value in [" + group + ":vars], found '" + line
          + "'; write one variable per line as name=value");
    }
    String value = unquote(line.substring(eq + 1).strip());
    model.groupVar(group, varName(line.substring(0, eq).strip(), no), new Var(value, no));
  }

  private void childLine(String line, int no) {
    List<String> tokens = IniTokens.split(line, file, no);
    if (tokens.size() > 1) {
      throw file.error(no, "expected one group name per line in [" + group + ":children], found '"
          + line + "'; list child groups one per line");
    }
    if (!tokens.isEmpty()) {
      model.child(group, tokens.get(0), no);
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
