package dev.steady.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the OpenSSH test hosts of a fleet are set up beyond the defaults (one ed25519 host key, root
 * login with the fleet's key).
 *
 * @param stockHostKeys also an ECDSA and an RSA host key, as a stock sshd has (the ed25519 one stays
 *     first and is the one the fleet's known_hosts pins)
 * @param sshdConfig extra sshd_config lines, appended as given ({@code %h} is the host's directory)
 * @param users login users besides root, on every host
 * @param sudoers sudoers rules per host name ({@code *}: every host), after root's; a host with users
 *     gets a sudoers of its own (Debian's defaults: env_reset, secure_path, use_pty), so only these
 *     rules grant anything there
 */
public record OpenSshSetup(boolean stockHostKeys, List<String> sshdConfig, List<LoginUser> users, Map<String, List<String>> sudoers) {

  public static final OpenSshSetup DEFAULT = new OpenSshSetup(false, List.of());

  public OpenSshSetup {
    sshdConfig = List.copyOf(sshdConfig);
    users = List.copyOf(users);
    sudoers = Map.copyOf(sudoers);
  }

  public OpenSshSetup(boolean stockHostKeys, List<String> sshdConfig) {
    this(stockHostKeys, sshdConfig, List.of(), Map.of());
  }

  /** This setup with {@code user} on every host. */
  public OpenSshSetup withUser(LoginUser user) {
    List<LoginUser> more = new ArrayList<>(users);
    more.add(user);
    return new OpenSshSetup(stockHostKeys, sshdConfig, more, sudoers);
  }

  /** This setup with sudoers {@code rules} on {@code host} ({@code *}: every host), e.g. {@code ops ALL=(ALL) NOPASSWD: ALL}. */
  public OpenSshSetup withSudoers(String host, String... rules) {
    Map<String, List<String>> more = new LinkedHashMap<>(sudoers);
    List<String> lines = new ArrayList<>(more.getOrDefault(host, List.of()));
    lines.addAll(List.of(rules));
    more.put(host, lines);
    return new OpenSshSetup(stockHostKeys, sshdConfig, users, more);
  }

  /** The sudoers rules of host {@code name}: those for every host, then its own. */
  List<String> sudoersOf(String name) {
    List<String> rules = new ArrayList<>(sudoers.getOrDefault("*", List.of()));
    rules.addAll(sudoers.getOrDefault(name, List.of()));
    return rules;
  }
}
