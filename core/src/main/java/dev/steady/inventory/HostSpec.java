package dev.steady.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host as the inventory file states it: every field the file did not set is null, so that the
 * ssh config and the built-in defaults can fill exactly those.
 */
record HostSpec(
    String name,
    String address,
    Integer port,
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

  static final String LOCALHOST = "localhost";

  HostSpec {
    groups = List.copyOf(groups == null ? List.of() : groups);
    vars = vars == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }

  /** A spec whose identity file, if any, was written where the host was ({@code source}). */
  HostSpec(String name, String address, Integer port, String user, String identityFile, List<String> groups, Map<String, String> vars,
      String env, String expectHostname, String proxyJump, String source, String expectMachineId, SshOptions ssh, Become become) {
    this(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId, ssh, become, null);
  }

  HostSpec(String name, String address, Integer port, String user, String identityFile, List<String> groups, Map<String, String> vars,
      String env, String expectHostname, String proxyJump, String source, String expectMachineId) {
    this(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId, null, null);
  }

  boolean isLocal() {
    String connection = vars.get("connection");
    return connection != null ? connection.equals("local") : LOCALHOST.equals(name) && address == null;
  }

  /**
   * This spec with the fields it leaves unset taken from the ssh config, and the config's other
   * options (identity and certificate files, ProxyCommand, pins files…) attached.
   */
  HostSpec withSsh(SshConfig.Resolved ssh, SshOptions options) {
    return new HostSpec(
        name,
        address != null ? address : ssh.hostName(),
        port != null ? port : ssh.port(),
        user != null ? user : ssh.user(),
        identityFile != null ? identityFile : ssh.identityFile(),
        groups,
        vars,
        env,
        expectHostname,
        proxyJump != null ? proxyJump : ssh.proxyJump(),
        source,
        expectMachineId,
        options,
        become,
        identityFile != null ? identityFileAt : null);
  }

  /** This spec with {@code options} as its ssh options. */
  HostSpec withOptions(SshOptions options) {
    return new HostSpec(name, address, port, user, identityFile, groups, vars, env, expectHostname, proxyJump, source, expectMachineId,
        options, become, identityFileAt);
  }

  /** The host, with the built-in defaults: address = name, port 22, the current OS user. */
  Host toHost() {
    Map<String, String> finalVars = vars;
    if (isLocal() && !"local".equals(vars.get("connection"))) {
      finalVars = new LinkedHashMap<>(vars);
      finalVars.put("connection", "local");
    }
    return new Host(
        name,
        address != null ? address : name,
        port != null ? port : 22,
        user != null ? user : System.getProperty("user.name"),
        identityFile,
        groups,
        finalVars,
        env,
        expectHostname,
        proxyJump,
        source,
        expectMachineId,
        ssh,
        become,
        identityFileAt);
  }
}
