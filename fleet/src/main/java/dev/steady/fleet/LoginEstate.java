package dev.steady.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real OpenSSH hosts set up the way a team's servers are logged into: engineers are non-root users
 * ({@link #USER}) who escalate with sudo — without a password on {@link #NOPASSWD_HOST}, with their
 * password ({@link #PASSWORD}) on {@link #PASSWORD_HOST}, not at all on {@link #NO_SUDO_HOST} — and
 * every sshd trusts a user certificate authority ({@code TrustedUserCAKeys}), as Teleport, Vault or
 * smallstep estates do. Only the fleet's client key is authorized to start with; tests authorize or
 * certify more. Linux and root only ({@link OpenSshFleet#available()}), and sudo for the sudo parts.
 */
public final class LoginEstate implements AutoCloseable {

  public static final String USER = "ops";
  public static final String PASSWORD = "sudo-pw-of-ops";
  public static final String NOPASSWD_HOST = "nopass-01";
  public static final String PASSWORD_HOST = "pass-01";
  public static final String NO_SUDO_HOST = "nosudo-01";

  private final OpenSshFleet fleet;
  private final Path caKey;

  private LoginEstate(OpenSshFleet fleet, Path caKey) {
    this.fleet = fleet;
    this.caKey = caKey;
  }

  /** True when the estate can start here: OpenSSH hosts in namespaces, and ssh-keygen, ssh-agent, ssh-add. */
  public static boolean available() {
    return OpenSshFleet.available() && SshKeys.available();
  }

  /** True when sudo is installed, so the hosts' sudoers mean something. */
  public static boolean sudoInstalled() {
    return Files.isExecutable(Path.of("/usr/bin/sudo")) && Files.exists(Path.of("/etc/sudoers"));
  }

  /** Starts the three hosts under {@code dir}, {@code /srv/app} private to each. */
  public static LoginEstate start(Path dir) throws IOException {
    Path caKey = SshKeys.generate(dir.resolve("ca/user_ca"), "ed25519", "");
    OpenSshSetup setup = new OpenSshSetup(false, List.of("TrustedUserCAKeys " + caKey.toAbsolutePath() + ".pub"))
        .withUser(new LoginUser(USER, 20001, PASSWORD))
        .withSudoers(NOPASSWD_HOST, USER + " ALL=(ALL:ALL) NOPASSWD: ALL")
        .withSudoers(PASSWORD_HOST, USER + " ALL=(ALL:ALL) ALL");
    return new LoginEstate(OpenSshFleet.start(dir.resolve("fleet"), List.of(NOPASSWD_HOST, PASSWORD_HOST, NO_SUDO_HOST), "/srv/app",
        setup), caKey);
  }

  public OpenSshFleet fleet() {
    return fleet;
  }

  public OpenSshHost host(String name) {
    return fleet.host(name);
  }

  /** The user certificate authority's private key, for {@link SshKeys#certify}. */
  public Path caKey() {
    return caKey;
  }

  /** A user certificate of {@code key} for {@link #USER}, valid for {@code validity}; returns {@code KEY-cert.pub}. */
  public Path certify(Path key, String validity) throws IOException {
    return SshKeys.certify(caKey, key, USER, validity);
  }

  @Override
  public void close() {
    fleet.close();
  }
}
