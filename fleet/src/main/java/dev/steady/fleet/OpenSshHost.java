package dev.steady.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH daemon in its own UTS, mount and PID namespaces: {@code hostname} answers its
 * name, {@code /etc/machine-id} holds its own id, and its private file tree {@link #root()} is
 * bind-mounted at the fleet's shared path, visible only inside. sshd is the PID namespace's init, so killing it takes every session
 * process with it and leaves no orphan behind. Files under {@code DIR/NAME/}:
 * {@code ssh_host_ed25519_key}, {@code sshd_config}, {@code sshd.log}, {@code machine-id} and {@code root/}; with login
 * users also {@code etc/} (passwd, group, shadow, sudoers, hosts, bind-mounted over /etc inside) and {@code users/NAME/}.
 */
public final class OpenSshHost implements TestHost {

  static final String SSHD = "/usr/sbin/sshd";

  /**
   * Runs inside the namespaces. root's home is a fresh one, like a new server's (this machine's
   * own /root may run slow shell start-up files on every ssh command). The background reader ends
   * when the JVM's end of our stdin closes (the JVM died, even by SIGKILL) and then stops sshd, so
   * no daemon outlives its fleet.
   */
  private static final String LAUNCH = """
      hostname "$1" && mount --bind "$2" "$3" && mount --bind "$6" /root || exit 1
      if [ -f /etc/machine-id ]; then mount --bind "$7" /etc/machine-id || exit 1; fi
      for f in passwd group shadow sudoers hosts; do
        if [ -f "$8/$f" ] && [ -e "/etc/$f" ]; then mount --bind "$8/$f" "/etc/$f" || exit 1; fi
      done
      exec 3<&0
      (cat <&3 >/dev/null; kill $$) &
      exec "$5" -D -e -f "$4" </dev/null 3<&-
      """;
  private static final int ATTEMPTS = 5;
  private static final long BANNER_TIMEOUT_MS = 15_000;

  private final String name;
  private final Path root;
  private final PublicKey hostKey;
  private final int port;
  private final Process daemon;
  private final Path home;
  private boolean stopped;

  private OpenSshHost(String name, Path home, PublicKey hostKey, int port, Process daemon) {
    this.name = name;
    this.home = home;
    this.root = home.resolve("root");
    this.hostKey = hostKey;
    this.port = port;
    this.daemon = daemon;
  }

  /** Prepares {@code fleetDir/NAME/} and starts the daemon, retrying on another port if the one chosen was taken. */
  static OpenSshHost start(Path fleetDir, String name, String sharedPath, Path authorizedKeys, Path unshare)
      throws IOException {
    return start(fleetDir, name, name, 0, sharedPath, authorizedKeys, unshare, OpenSshSetup.DEFAULT);
  }

  /**
   * Prepares {@code fleetDir/DIRNAME/} and starts a daemon answering {@code hostname} with {@code
   * name}, on {@code fixedPort} (retried there) or, when it is 0, on a free port.
   */
  static OpenSshHost start(Path fleetDir, String dirName, String name, int fixedPort, String sharedPath, Path authorizedKeys,
      Path unshare, OpenSshSetup setup) throws IOException {
    Path home = Files.createDirectories(fleetDir.resolve(dirName));
    Files.createDirectories(home.resolve("root"));
    Path key = home.resolve("ssh_host_ed25519_key");
    PublicKey hostKey = Keys.loadOrCreate(key, "root@" + name).getPublic();
    if (!Files.exists(home.resolve("machine-id"))) {
      Files.writeString(home.resolve("machine-id"), java.util.UUID.randomUUID().toString().replace("-", "") + "\n");
    }
    List<Path> keys = new java.util.ArrayList<>(List.of(key));
    if (setup.stockHostKeys()) {
      keys.add(keygen(home.resolve("ssh_host_ecdsa_key"), "ecdsa", name));
      keys.add(keygen(home.resolve("ssh_host_rsa_key"), "rsa", name));
    }
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int port = fixedPort != 0 ? fixedPort : Ports.next();
      Files.writeString(home.resolve("sshd_config"), config(port, keys, authorizedKeys)
          + String.join("\n", setup.sshdConfig().stream().map(l -> l.replace("%h", home.toString())).toList()) + "\n");
      Process daemon = launch(name, home, sharedPath, unshare, HostAccounts.write(home, name, setup));
      if (awaitBanner(daemon, port)) {
        return new OpenSshHost(name, home, hostKey, port, daemon);
      }
      new OpenSshHost(name, home, hostKey, port, daemon).stop();
      failure = Files.readString(home.resolve("sshd.log")).strip();
      if (fixedPort != 0) {
        sleepQuietly(200); // the port may still be held by the daemon just stopped
      }
    }
    throw new IOException("OpenSSH host " + name + " did not come up after " + ATTEMPTS + " attempts; last log ("
        + home.resolve("sshd.log") + "): " + failure);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The directory under the fleet's that holds this host's files. */
  Path home() {
    return home;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String address() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String user() {
    return "root";
  }

  @Override
  public PublicKey hostKey() {
    return hostKey;
  }

  /** What /etc/machine-id holds inside this host's namespace, or null when this machine has no /etc/machine-id to cover. */
  @Override
  public String machineId() {
    try {
      return Files.exists(Path.of("/etc/machine-id")) ? Files.readString(home.resolve("machine-id")).strip() : null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the machine-id of " + name, e);
    }
  }

  /** The private tree on this machine; inside the host it is the fleet's shared path. */
  @Override
  public Path root() {
    return root;
  }

  /**
   * Kills the daemon and every session process under it. The kill goes to the namespace's init
   * (sshd, child of unshare): the kernel then kills everything in the namespace and unshare,
   * still alive, reaps it and exits. Killing unshare first would leave sshd a zombie for this
   * machine's init to reap, which in containers may never happen.
   */
  public void stop() {
    beginStop();
    awaitStop();
  }

  /** Sends the kill without waiting, so a whole fleet goes down at once. */
  void beginStop() {
    daemon.children().forEach(ProcessHandle::destroyForcibly);
  }

  synchronized void awaitStop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      daemon.destroyForcibly();
    }
    Ports.release(port);
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + "@127.0.0.1:" + port;
  }

  /** An OpenSSH host key of {@code type} at {@code file}, made by ssh-keygen unless it is there. */
  private static Path keygen(Path file, String type, String name) throws IOException {
    if (!Files.exists(file)) {
      Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "root@" + name, "-f", file.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (p.waitFor() != 0) {
          throw new IOException("ssh-keygen -t " + type + " for " + name + " failed: " + out.strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted making a host key for " + name, e);
      }
    }
    return file;
  }

  private static String config(int port, List<Path> hostKeys, Path authorizedKeys) {
    return String.join("\n", List.of(
        "ListenAddress 127.0.0.1",
        "Port " + port,
        String.join("\n", hostKeys.stream().map(k -> "HostKey " + k.toAbsolutePath()).toList()),
        "PidFile none",
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "AuthorizedKeysFile " + authorizedKeys.toAbsolutePath(),
        "Subsystem sftp internal-sftp",
        "MaxSessions 50",
        "MaxStartups 200",
        "LogLevel ERROR",
        ""));
  }

  private static Process launch(String name, Path home, String sharedPath, Path unshare, Path etc) throws IOException {
    return new ProcessBuilder(unshare.toString(), "--uts", "--mount", "--propagation", "private", "--pid", "--fork",
        "--kill-child", "--", "/bin/sh", "-c", LAUNCH, "sh", name, home.resolve("root").toAbsolutePath().toString(),
        sharedPath, home.resolve("sshd_config").toAbsolutePath().toString(), SSHD, freshHome(home).toString(),
        home.resolve("machine-id").toAbsolutePath().toString(), etc.toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("sshd.log").toFile())
        .start();
  }

  /** A stock Debian home for root (base-files' dot.bashrc and dot.profile), private to this host. */
  private static Path freshHome(Path home) throws IOException {
    Path dir = Files.createDirectories(home.resolve("home"));
    for (String file : new String[] {"bashrc", "profile"}) {
      Path stock = Path.of("/usr/share/base-files/dot." + file);
      Path target = dir.resolve("." + file);
      if (Files.isReadable(stock)) {
        Files.copy(stock, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else if (!Files.exists(target)) {
        Files.createFile(target);
      }
    }
    return dir.toAbsolutePath();
  }

  /** True once the daemon answers with an SSH-2.0 banner; false if it died or stayed silent. */
  private static boolean awaitBanner(Process daemon, int port) {
    long deadline = System.currentTimeMillis() + BANNER_TIMEOUT_MS;
    while (daemon.isAlive() && System.currentTimeMillis() < deadline) {
      if (answersBanner(port)) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static boolean answersBanner(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(2000);
      InputStream in = socket.getInputStream();
      byte[] banner = in.readNBytes(7);
      return "SSH-2.0".equals(new String(banner, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }
}
