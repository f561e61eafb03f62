package dev.steady.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The account files of one OpenSSH test host with login users: this machine's /etc/passwd, group and
 * shadow plus the users' lines, a sudoers of its own, and /etc/hosts naming the host (so sudo can
 * resolve it). Written under {@code DIR/NAME/etc/} and bind-mounted over /etc inside the host only.
 */
final class HostAccounts {

  private static final String SUDOERS_DEFAULTS = """
      Defaults env_reset
      Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
      Defaults use_pty
      Defaults lecture=never
      root ALL=(ALL:ALL) ALL
      """;

  private HostAccounts() {}

  /** Writes {@code home/etc/} for host {@code name} (nothing when {@code setup} has no users); returns that directory. */
  static Path write(Path home, String name, OpenSshSetup setup) throws IOException {
    Path etc = Files.createDirectories(home.resolve("etc"));
    if (setup.users().isEmpty()) {
      return etc;
    }
    traversable(home.toAbsolutePath());
    StringBuilder passwd = new StringBuilder(Files.readString(Path.of("/etc/passwd")));
    StringBuilder group = new StringBuilder(Files.readString(Path.of("/etc/group")));
    StringBuilder shadow = new StringBuilder(Files.readString(Path.of("/etc/shadow")));
    for (LoginUser user : setup.users()) {
      Path userHome = Files.createDirectories(home.resolve("users").resolve(user.name()));
      Files.setAttribute(userHome, "unix:uid", user.uid());
      Files.setAttribute(userHome, "unix:gid", user.uid());
      passwd.append(user.name()).append(":x:").append(user.uid()).append(':').append(user.uid()).append(':').append(user.name())
          .append(':').append(userHome.toAbsolutePath()).append(":/bin/sh\n");
      group.append(user.name()).append(":x:").append(user.uid()).append(":\n");
      shadow.append(user.name()).append(':').append(user.password() == null ? "*" : hash(user.password())).append(":19000:0:99999:7:::\n");
    }
    write(etc.resolve("passwd"), passwd, "rw-r--r--");
    write(etc.resolve("group"), group, "rw-r--r--");
    write(etc.resolve("shadow"), shadow, "rw-------");
    write(etc.resolve("sudoers"), SUDOERS_DEFAULTS + String.join("\n", setup.sudoersOf(name)) + "\n", "r--r-----");
    write(etc.resolve("hosts"), "127.0.0.1 localhost " + name + "\n::1 localhost\n", "rw-r--r--");
    return etc;
  }

  /**
   * Lets every user pass through {@code dir} and the directories above it (search only, not list), as
   * sshd reads the shared authorized_keys as the user logging in, and the users' homes lie below (a
   * test's temporary directory is private to root).
   */
  private static void traversable(Path dir) throws IOException {
    for (Path d = dir; d != null; d = d.getParent()) {
      var mode = new java.util.HashSet<>(Files.getPosixFilePermissions(d));
      if (mode.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(d, mode);
      }
    }
  }

  private static void write(Path file, CharSequence text, String mode) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  /** A SHA-512 crypt hash, as {@code passwd} writes into /etc/shadow. */
  private static String hash(String password) throws IOException {
    Process p = new ProcessBuilder(List.of("openssl", "passwd", "-6", "-stdin")).redirectErrorStream(true).start();
    p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (p.waitFor() != 0 || !out.startsWith("$6$")) {
        throw new IOException("openssl passwd -6 failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted hashing a test user's password", e);
    }
    return out;
  }
}
