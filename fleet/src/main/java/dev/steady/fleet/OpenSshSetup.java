package dev.steady.fleet;

import java.util.List;

/**
 * How the OpenSSH test hosts of a fleet are set up beyond the defaults (one ed25519 host key, root
 * login with the fleet's key).
 *
 * @param stockHostKeys also an ECDSA and an RSA host key, as a stock sshd has (the ed25519 one stays
 *     first and is the one the fleet's known_hosts pins)
 * @param sshdConfig extra sshd_config lines, appended as given ({@code %h} is the host's directory)
 */
public record OpenSshSetup(boolean stockHostKeys, List<String> sshdConfig) {

  public static final OpenSshSetup DEFAULT = new OpenSshSetup(false, List.of());

  public OpenSshSetup {
    sshdConfig = List.copyOf(sshdConfig);
  }
}
