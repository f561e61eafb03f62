package dev.steady.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Ansible's variables of one host onto steady's host fields: {@code ansible_host}, {@code
 * ansible_port}, {@code ansible_user}, {@code ansible_ssh_private_key_file}, {@code
 * ansible_connection}, {@code env}/{@code steady_env}, {@code expect_hostname}, {@code expect_machine_id}; the rest stay vars.
 */
final class AnsibleVars {

  private static final Pattern JUMP =
      Pattern.compile("(?:-J\\s*|-o\\s*ProxyJump[= ])\\s*['\"]?([^\\s'\"]+)", Pattern.CASE_INSENSITIVE);

  private final Map<String, Var> vars;

  private AnsibleVars(Map<String, Var> vars) {
    this.vars = new LinkedHashMap<>(vars);
  }

  static HostSpec toSpec(String name, List<String> groups, Map<String, Var> merged, SourceText file, int line) {
    AnsibleVars v = new AnsibleVars(merged);
    String address = v.take("ansible_host", "ansible_ssh_host");
    Var port = v.takeVar("ansible_port", "ansible_ssh_port");
    String user = v.take("ansible_user", "ansible_ssh_user");
    String key = v.take("ansible_ssh_private_key_file", "ansible_private_key_file");
    String connection = v.take("ansible_connection");
    String env = v.take("env", "steady_env");
    String expect = v.take("expect_hostname", "steady_expect_hostname");
    Var machineIdVar = v.takeVar("expect_machine_id", "steady_expect_machine_id");
    String machineId = machineIdVar == null ? null : MachineIds.check(machineIdVar.value(), name, m -> file.error(machineIdVar.line(), m));
    String jump = v.take("proxy_jump", "steady_proxy_jump");
    Become become = v.become(name, file);
    Map<String, String> rest = v.rest();
    if (connection != null) {
      rest.put("connection", connection);
    }
    return new HostSpec(name, address, port(port, name, file), user, key, groups, rest, env, expect,
        jump != null ? jump : jumpFromArgs(rest), file.at(line), machineId, null, become);
  }

  private static Integer port(Var port, String host, SourceText file) {
    if (port == null) {
      return null;
    }
    return Ports.parse(port.value(), () -> file.error(port.line(), "ansible_port for host " + host
        + " must be a number from 1 to 65535, found '" + port.value() + "'; fix the port"));
  }

  /** A bastion given the Ansible way, as {@code -J host} or {@code -o ProxyJump=host} in ssh args. */
  private static String jumpFromArgs(Map<String, String> vars) {
    for (String key : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
      String args = vars.get(key);
      Matcher m = args == null ? null : JUMP.matcher(args);
      if (m != null && m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** ansible_become, ansible_become_user and ansible_become_method (Ansible's precedence already applied). */
  private Become become(String host, SourceText file) {
    Var on = takeVar("ansible_become");
    Var user = takeVar("ansible_become_user");
    Var method = takeVar("ansible_become_method");
    Var first = on != null ? on : user != null ? user : method;
    if (first == null) {
      return null;
    }
    return BecomeSpec.of(on == null ? null : on.value(), user == null ? null : user.value(), method == null ? null : method.value(),
        "ansible_", "for host " + host, file.at(first.line()), m -> file.error(first.line(), m)).toBecome();
  }

  private String take(String... names) {
    Var v = takeVar(names);
    return v == null ? null : v.value();
  }

  private Var takeVar(String... names) {
    Var found = null;
    for (String name : names) {
      Var v = vars.remove(name);
      found = found != null ? found : v;
    }
    return found;
  }

  private Map<String, String> rest() {
    Map<String, String> rest = new LinkedHashMap<>();
    vars.forEach((k, v) -> rest.put(k, v.value()));
    return rest;
  }
}
