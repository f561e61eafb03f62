package dev.steady.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * User keys and certificates made with OpenSSH's own tools, as an engineer's machine and a team's
 * certificate authority have them: {@code ssh-keygen} keys (optionally encrypted), user
 * certificates signed by a CA key, {@code ssh-add} into an agent.
 */
public final class SshKeys {

  private SshKeys() {}

  /** True when ssh-keygen, ssh-agent and ssh-add are installed. */
  public static boolean available() {
    return Programs.findExecutable("ssh-keygen").isPresent() && Programs.findExecutable("ssh-agent").isPresent()
        && Programs.findExecutable("ssh-add").isPresent();
  }

  /** A new key of {@code type} (ed25519, ecdsa, rsa) at {@code file} (and {@code file.pub}), encrypted with {@code passphrase} unless empty. */
  public static Path generate(Path file, String type, String passphrase) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    run(Map.of(), "ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "steady-test-" + type, "-f", file.toString());
    return file;
  }

  /** Re-encrypts the unencrypted key {@code file} with {@code passphrase} ({@code ssh-keygen -p}), e.g. after {@link #add}ing it. */
  public static void encrypt(Path file, String passphrase) throws IOException {
    run(Map.of(), "ssh-keygen", "-q", "-p", "-P", "", "-N", passphrase, "-f", file.toString());
  }

  /**
   * Signs {@code key}'s public half with {@code caKey} as a user certificate for {@code principal},
   * valid for {@code validity} ({@code ssh-keygen -V}, e.g. {@code -5m:+1h} or {@code 20200101:20200102});
   * returns {@code KEY-cert.pub}, where ssh looks for it.
   */
  public static Path certify(Path caKey, Path key, String principal, String validity) throws IOException {
    run(Map.of(), "ssh-keygen", "-q", "-s", caKey.toString(), "-I", "steady-test-" + principal, "-n", principal, "-V", validity,
        key + ".pub");
    return Path.of(key + "-cert.pub");
  }

  /** {@code ssh-add FILE…} into the agent at {@code socket}; the keys must not be encrypted. */
  public static void add(Path socket, Path... keys) throws IOException {
    List<String> command = new ArrayList<>(List.of("ssh-add", "-q"));
    for (Path key : keys) {
      command.add(key.toString());
    }
    run(Map.of("SSH_AUTH_SOCK", socket.toString()), command.toArray(String[]::new));
  }

  static String run(Map<String, String> env, String... command) throws IOException {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    b.environment().remove("SSH_AUTH_SOCK");
    b.environment().remove("DISPLAY");
    b.environment().remove("SSH_ASKPASS");
    b.environment().putAll(env);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    return out;
  }
}
