package dev.steady.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Ansible's variables of one host onto steady's host fields: {@code ansible_host}, {@code
 * ansible_port}, {@code ansible_user}, {@code ansible_ssh_private_key_file}, {@code
 * ansible_connection}, {@code env}/{@code steady_env}, {@code expect_hostname}, {@code
 * expect_machine_id}; the rest stay vars. A connection variable steady cannot read as Ansible would
 * use it (a Jinja template, a vaulted value, two spellings with different values) is bad input
 * naming the variable, the file and the line.
 */
final class AnsibleVars {

  private static final Pattern JUMP =
      Pattern.compile("(?:-J\\s*|-o\\s*ProxyJump[= ])\\s*['\"]?([^\\s'\"]+)", Pattern.CASE_INSENSITIVE);
  private static final List<String> SSH_ARGS = List.of("ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_ssh_args");
  /** ssh options that change where or as whom ssh connects, which steady does not take from ssh args. */
  private static final Pattern REDIRECT = Pattern.compile(
      "(?i:-o\\s*['\"]?(ProxyCommand|HostName|Port|User)\\b)|(?:^|\\s)-[pl]\\s*\\S+");

  private final String host;
  private final Map<String, Var> vars;
  private final Warnings warnings;

  private AnsibleVars(String host, Map<String, Var> vars, Warnings warnings) {
    this.host = host;
    this.vars = new LinkedHashMap<>(vars);
    this.warnings = warnings;
  }

  static HostSpec toSpec(String name, List<String> groups, Map<String, Var> merged, Where where, Warnings warnings) {
    AnsibleVars v = new AnsibleVars(name, merged, warnings);
    SSH_ARGS.forEach(a -> v.sshArgs(a, v.readable(a, v.vars.get(a))));
    String address = v.take("ansible_host", "ansible_ssh_host");
    Var port = v.takeVar("ansible_port", "ansible_ssh_port");
    String user = v.take("ansible_user", "ansible_ssh_user");
    Var key = v.takeVar("ansible_private_key_file", "ansible_ssh_private_key_file");
    String connection = connection(v.take("ansible_connection"));
    String env = v.take("env", "steady_env");
    String expect = v.take("expect_hostname", "steady_expect_hostname");
    Var machineIdVar = v.takeVar("expect_machine_id", "steady_expect_machine_id");
    String machineId = machineIdVar == null ? null : MachineIds.check(machineIdVar.value(), name, machineIdVar::error);
    String jump = v.take("proxy_jump", "steady_proxy_jump");
    Become become = v.become(name);
    Map<String, String> rest = v.rest();
    if (connection != null) {
      rest.put("connection", connection);
    } else if (name.equals(HostSpec.LOCALHOST)) {
      rest.put("connection", "ssh"); // only Ansible's implicit localhost is local; one the inventory names is reached over ssh
    }
    return new HostSpec(name, address, port(port, name), user, key == null ? null : key.value(), groups, rest, env, expect,
        jump != null ? jump : jumpFromArgs(rest), where.at(), machineId, null, become, key == null ? null : key.where().at());
  }

  /**
   * ansible_connection as steady reaches the host: {@code ssh} for OpenSSH ({@code ssh}, its FQCN,
   * and {@code smart}, which picks OpenSSH), {@code local} for the controller, anything else as
   * written, which the transport refuses for that host. {@code paramiko} speaks SSH but is not the
   * same reach: it reads its own variables (ansible_paramiko_host…) and not ~/.ssh/config, so the
   * address or user could differ from what steady would use; it is refused too.
   */
  static String connection(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "ssh", "ansible.builtin.ssh", "smart" -> "ssh";
      case "local", "ansible.builtin.local" -> "local";
      default -> value;
    };
  }

  private static Integer port(Var port, String host) {
    if (port == null) {
      return null;
    }
    return Ports.parse(port.value(), () -> port.error("ansible_port for host " + host
        + " must be a number from 1 to 65535, found '" + port.value() + "'; fix the port"));
  }

  /** A bastion given the Ansible way, as {@code -J host} or {@code -o ProxyJump=host} in ssh args. */
  private static String jumpFromArgs(Map<String, String> vars) {
    for (String key : SSH_ARGS) {
      String args = vars.get(key);
      Matcher m = args == null ? null : JUMP.matcher(args);
      if (m != null && m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** ansible_become, ansible_become_user and ansible_become_method (Ansible's precedence already applied). */
  private Become become(String host) {
    Var on = takeVar("ansible_become");
    Var user = takeVar("ansible_become_user");
    Var method = takeVar("ansible_become_method");
    Var first = on != null ? on : user != null ? user : method;
    if (first == null) {
      return null;
    }
    return BecomeSpec.of(on == null ? null : on.value(), user == null ? null : user.value(), method == null ? null : method.value(),
        "ansible_", "for host " + host, first.where().at(), first::error).toBecome();
  }

  private String take(String... names) {
    Var v = takeVar(names);
    return v == null ? null : v.value();
  }

  /**
   * The value of a variable that has several spellings. Ansible takes the last spelling that is set
   * (ansible_ssh_host over ansible_host, wherever each was set); when they differ, steady refuses.
   */
  private Var takeVar(String... names) {
    Var found = null;
    String foundName = null;
    for (String name : names) {
      Var v = readable(name, vars.remove(name));
      if (v != null && found != null && !v.value().equals(found.value())) {
        throw v.error(name + " for host " + host + " is '" + v.value() + "' but " + foundName + " ("
            + found.where().at() + ") is '" + found.value() + "'; Ansible would use " + name
            + ": keep one of the two spellings");
      }
      if (found == null) {
        found = v;
        foundName = name;
      }
    }
    return found;
  }

  /** ssh args that would send Ansible's ssh elsewhere than steady goes are refused; -J and ProxyJump are followed. */
  private void sshArgs(String name, Var v) {
    Matcher m = v == null ? null : REDIRECT.matcher(v.value());
    if (m != null && m.find()) {
      throw v.error(name + " for host " + host + " sets '" + m.group().strip() + "', which steady does not take from ssh"
          + " arguments, so it would connect elsewhere or as another user than Ansible: use ansible_host, ansible_port,"
          + " ansible_user, and proxy_jump or -J/ProxyJump for a bastion");
    }
  }

  /** A connection variable's value, refused when steady cannot know what Ansible would make of it. */
  private Var readable(String name, Var v) {
    if (v == null) {
      return null;
    }
    if (v.isVaulted()) {
      throw v.error(name + " for host " + host + " is encrypted with Ansible Vault; steady cannot decrypt it, and it decides"
          + " where or how steady connects: write this connection variable in plain text");
    }
    if (v.isTemplate()) {
      throw v.error(name + " for host " + host + " is a Jinja template ('" + v.value() + "'); steady does not evaluate"
          + " templates, and this variable decides where or how steady connects: write the value itself");
    }
    return v;
  }

  private Map<String, String> rest() {
    Map<String, String> rest = new LinkedHashMap<>();
    vars.forEach((k, v) -> {
      if (v.isVaulted()) {
        warnings.add(v.where().at() + ": " + k + " is encrypted with Ansible Vault; steady cannot decrypt it and leaves it"
            + " out (it is not a connection variable)");
      } else if (k.equals("connection")) {
        warnings.add(v.where().at() + ": the variable 'connection' means nothing to Ansible; steady ignores it"
            + " (set ansible_connection to choose how a host is reached)");
      } else {
        rest.put(k, v.value());
      }
    });
    return rest;
  }
}
