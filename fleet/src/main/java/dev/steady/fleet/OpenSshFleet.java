package dev.steady.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Real OpenSSH daemons, one per name, each in its own UTS and mount namespaces (Linux, as root).
 * Layout under {@code dir}: {@code client/id_ed25519(.pub)}, {@code authorized_keys},
 * {@code known_hosts}, one {@code NAME/} directory per host. Every daemon is killed by
 * {@link #close()}, by a JVM shutdown hook, and (should the JVM die abruptly) by itself when
 * the pipe from this JVM closes.
 */
public final class OpenSshFleet implements AutoCloseable {

  private final Path dir;
  private final Path clientKey;
  private final List<OpenSshHost> hosts;
  private final List<OpenSshHost> clones = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String sharedPath;
  private final Thread shutdownHook;

  private OpenSshFleet(Path dir, Path clientKey, List<OpenSshHost> hosts, String sharedPath) {
    this.dir = dir;
    this.sharedPath = sharedPath;
    this.clientKey = clientKey;
    this.hosts = List.copyOf(hosts);
    this.shutdownHook = new Thread(this::stopAll, "steady-fleet-openssh-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Linux, running as root (effective uid 0), with {@code /usr/sbin/sshd} and {@code unshare} installed. */
  public static boolean available() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return false;
    }
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid) && Files.isExecutable(Path.of(OpenSshHost.SSHD)) && unshare().isPresent();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Starts one daemon per name, in parallel, with {@code sharedPath} (e.g. {@code /srv/app}) as
   * the mount point of each host's private tree, and writes {@code dir/known_hosts}.
   */
  public static OpenSshFleet start(Path dir, List<String> names, String sharedPath) throws IOException {
    return start(dir, names, sharedPath, OpenSshSetup.DEFAULT);
  }

  /** As {@link #start(Path, List, String)}, with hosts set up as {@code setup} says. */
  public static OpenSshFleet start(Path dir, List<String> names, String sharedPath, OpenSshSetup setup) throws IOException {
    List<String> checked = FleetFiles.checkNames(names);
    if (!available()) {
      throw new IOException("OpenSSH test hosts need Linux, root, " + OpenSshHost.SSHD
          + " and unshare; check OpenSshFleet.available() first or use EmbeddedFleet");
    }
    if (!sharedPath.startsWith("/")) {
      throw new IllegalArgumentException("shared path must be absolute, got '" + sharedPath + "'");
    }
    Path home = Files.createDirectories(dir).toAbsolutePath();
    Files.createDirectories(Path.of(sharedPath));
    Files.createDirectories(Path.of("/run/sshd"));
    Path clientKey = home.resolve("client/id_ed25519");
    Keys.loadOrCreate(clientKey, "steady-fleet-client");
    Path authorizedKeys = Files.copy(Keys.publicFile(clientKey), home.resolve("authorized_keys"),
        StandardCopyOption.REPLACE_EXISTING);
    Path unshare = unshare().orElseThrow();
    List<OpenSshHost> hosts = Parallel.startAll(checked, 32,
        name -> OpenSshHost.start(home, name, name, 0, sharedPath, authorizedKeys, unshare, setup));
    OpenSshFleet fleet = new OpenSshFleet(home, clientKey, hosts, sharedPath);
    try {
      FleetFiles.writeKnownHosts(home.resolve("known_hosts"), hosts);
    } catch (IOException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** The hosts, in the order their names were given. */
  public List<OpenSshHost> hosts() {
    return hosts;
  }

  public OpenSshHost host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host '" + name + "' in this fleet; it has "
            + hosts.stream().map(OpenSshHost::name).toList()));
  }

  /**
   * Replaces the machine at {@code original}'s address by a clone of its image: {@code original} is
   * stopped, and a new daemon (files under {@code DIR/cloneDir/}) starts on the same port with the
   * original's host key and hostname but its own machine-id and an empty tree, as a cloned VM whose
   * id was regenerated at first boot and that took over the address. Stopped by {@link #close()}.
   */
  public OpenSshHost replaceByClone(String original, String cloneDir) throws IOException {
    OpenSshHost host = host(original);
    Path cloneHome = Files.createDirectories(dir.resolve(FleetFiles.checkNames(List.of(cloneDir)).getFirst()));
    Files.copy(host.home().resolve("ssh_host_ed25519_key"), cloneHome.resolve("ssh_host_ed25519_key"),
        StandardCopyOption.REPLACE_EXISTING);
    host.stop();
    OpenSshHost clone = OpenSshHost.start(dir, cloneDir, original, host.port(), sharedPath, dir.resolve("authorized_keys"),
        unshare().orElseThrow(), OpenSshSetup.DEFAULT);
    clones.add(clone);
    return clone;
  }

  /** OpenSSH-format ed25519 private key, no passphrase, authorized for root on every host. */
  public Path clientKey() {
    return clientKey;
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** The authorized_keys file every host's sshd reads for every user, at each login. */
  public Path authorizedKeys() {
    return dir.resolve("authorized_keys");
  }

  /** Authorizes the public key in {@code publicKeyFile} (a {@code .pub} line) for every user of every host, from the next login. */
  public void authorize(Path publicKeyFile) throws IOException {
    Files.writeString(authorizedKeys(), Files.readString(publicKeyFile).strip() + "\n", java.nio.file.StandardOpenOption.APPEND);
  }

  /** Writes a steady YAML inventory listing the hosts in order (user root); returns {@code file}. */
  public Path writeInventory(Path file, String env) {
    return FleetFiles.writeInventory(file, hosts, "root", clientKey, env);
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs stopAll, which is idempotent
    }
  }

  private void stopAll() {
    hosts.forEach(OpenSshHost::beginStop);
    clones.forEach(OpenSshHost::beginStop);
    hosts.forEach(OpenSshHost::awaitStop);
    clones.forEach(OpenSshHost::awaitStop);
  }

  private static Optional<Path> unshare() {
    return Programs.findExecutable("unshare");
  }
}
