package dev.steady.inventory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One host steady may touch, as the inventory describes it.
 *
 * @param name the inventory name; also what {@code hostname} must answer unless {@code expectHostname}
 * @param address where to connect (IP or DNS name)
 * @param port SSH port
 * @param user login user
 * @param identityFile private key file, or null to use the default keys (~/.ssh/id_ed25519, id_rsa…)
 * @param groups the groups this host belongs to, including parent groups of Ansible children
 * @param vars host variables (group vars merged, host wins)
 * @param env environment: production, staging…; a host without one is treated as production
 * @param expectHostname what {@code hostname} must print, or null for {@code name}
 * @param proxyJump a bastion ({@code [user@]host[:port]}) or null
 * @param source where this host was defined, e.g. {@code inventory.yaml:7}, for error messages
 * @param expectMachineId what {@code /etc/machine-id} must hold, or null to rely on the one recorded
 *     with the host's pin (if any)
 * @param ssh what the ssh config adds: identity and certificate files, jumps, ProxyCommand, pins files…
 * @param become the user steady's commands act as through sudo, or null to act as the login user
 * @param identityFileAt where {@code identityFile} was written ({@code host_vars/web-01.yml:3}), or null
 *     when that is the host's own {@code source}
 */
public record Host(
    String name,
    String address,
    int port,
    String user,
    String identityFile,
    List<String> groups,
    Map<String, String> vars,
    String env,
    String expectHostname,
    String proxyJump,
    String source,
    String expectMachineId,
    SshOptions ssh,
    Become become,
    String identityFileAt) {

  public static final String PRODUCTION = "production";

  public Host {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range for host " + name + ": " + port);
    }
    groups = List.copyOf(groups == null ? List.of() : groups);
    vars = Map.copyOf(vars == null ? Map.of() : vars);
    env = env == null || env.isBlank() ? PRODUCTION : env;
    expectMachineId = expectMachineId == null || expectMachineId.isBlank() ? null : expectMachineId.strip();
    ssh = ssh == null ? SshOptions.NONE : ssh;
  }

  /** A host whose identity file, if any, was written where the host was. */
  public Host(String name, String address, int port, String user, String identityFile, List<String> groups,
      Map<String, String> vars, String env, String expectHostname, String proxyJump, String source, String expectMachineId,
      SshOptions ssh, Become become) {
    this(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId, ssh, become,
        null);
  }

  /** A host whose machine-id is not stated in the inventory. */
  public Host(String name, String address, int port, String user, String identityFile, List<String> groups,
      Map<String, String> vars, String env, String expectHostname, String proxyJump, String source) {
    this(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, null);
  }

  /** A host with no ssh config options and no privilege escalation. */
  public Host(String name, String address, int port, String user, String identityFile, List<String> groups,
      Map<String, String> vars, String env, String expectHostname, String proxyJump, String source, String expectMachineId) {
    this(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId,
        SshOptions.NONE, null);
  }

  /** This host reached with {@code options}. */
  public Host withSsh(SshOptions options) {
    return new Host(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId,
        options, become, identityFileAt);
  }

  /** This host acting through sudo as {@code as} (null: as the login user). */
  public Host withBecome(Become as) {
    return new Host(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId,
        ssh, as, identityFileAt);
  }

  /** The name this host's pins are kept under: the ssh config's HostKeyAlias, else the inventory name. */
  public String pinName() {
    return ssh.hostKeyAlias() != null ? ssh.hostKeyAlias() : name;
  }

  /** True for production hosts, and for hosts whose environment nobody stated. */
  public boolean isProduction() {
    return PRODUCTION.equals(env);
  }

  /**
   * The name {@code hostname} must print on this host: {@code expect_hostname} with {@code {name}}
   * (the inventory name) and {@code {short}} (its first label) filled in, so one group variable or
   * default serves a whole fleet; else the inventory name itself.
   */
  public String expectedHostname() {
    if (expectHostname == null) {
      return name;
    }
    int dot = name.indexOf('.');
    return expectHostname.replace("{name}", name).replace("{short}", dot > 0 && !isAddress(name) ? name.substring(0, dot) : name);
  }

  /** True when the inventory name is a fully qualified domain name (has a dot, is not an address). */
  public boolean namedByFqdn() {
    return name.indexOf('.') > 0 && !isAddress(name);
  }

  /** True when the inventory name is an IPv4 or IPv6 address. */
  public boolean namedByAddress() {
    return isAddress(name);
  }

  private static boolean isAddress(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9A-Fa-f:.\\[\\]%]+"));
  }

  /** This host expecting {@code template} as its hostname when the inventory gave it none. */
  public Host withDefaultExpectHostname(String template) {
    return expectHostname != null || template == null ? this : new Host(name, address, port, user, identityFile, groups, vars, env,
        template, proxyJump, source, expectMachineId, ssh, become, identityFileAt);
  }

  /**
   * True when this host is the machine steady runs on, reached without SSH: its variable {@code
   * connection} is {@code local} (Ansible's {@code ansible_connection=local}).
   */
  public boolean isLocal() {
    return "local".equals(vars.get("connection"));
  }

  /**
   * How the inventory says to reach this host: {@code ssh} (the default), {@code local}, or an
   * Ansible connection steady does not speak ({@code docker}, {@code winrm}, {@code paramiko}…),
   * as written.
   */
  public String connection() {
    return vars.getOrDefault("connection", "ssh");
  }

  /** True when steady can reach this host the way the inventory says: over SSH, or as the local machine. */
  public boolean hasSupportedConnection() {
    return connection().equals("ssh") || isLocal();
  }
}
