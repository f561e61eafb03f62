package dev.steady.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.ThreadUtils;

/**
 * A set of {@link EmbeddedHost}s sharing one client key, one known_hosts file and one pool of
 * IO threads. Layout under {@code dir}: {@code client/id_ed25519(.pub)}, {@code known_hosts},
 * and one {@code NAME/} directory per host.
 */
public final class EmbeddedFleet implements AutoCloseable {

  private final Path dir;
  private final Path clientKey;
  private final CloseableExecutorService ioThreads;
  private final ScheduledExecutorService timers;
  private final List<EmbeddedHost> hosts;

  private EmbeddedFleet(Path dir, Path clientKey, CloseableExecutorService ioThreads,
      ScheduledExecutorService timers, List<EmbeddedHost> hosts) {
    this.dir = dir;
    this.clientKey = clientKey;
    this.ioThreads = ioThreads;
    this.timers = timers;
    this.hosts = List.copyOf(hosts);
  }

  /** Starts one host per name, in parallel, and writes {@code dir/known_hosts}. */
  public static EmbeddedFleet start(Path dir, List<String> names) throws IOException {
    List<String> checked = FleetFiles.checkNames(names);
    Path home = Files.createDirectories(dir).toAbsolutePath();
    Path clientKey = home.resolve("client/id_ed25519");
    var clientPublic = Keys.loadOrCreate(clientKey, "steady-fleet-client").getPublic();
    CloseableExecutorService ioThreads = ThreadUtils.newCachedThreadPool("steady-fleet-io");
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
        .name("steady-fleet-timer").daemon().factory());
    IoServiceFactoryFactory io = new Nio2ServiceFactoryFactory(() -> ThreadUtils.noClose(ioThreads));
    try {
      List<EmbeddedHost> hosts = Parallel.startAll(checked, 8, name -> {
        EmbeddedHost host = new EmbeddedHost(home, name, clientPublic, io, timers);
        host.start();
        return host;
      });
      FleetFiles.writeKnownHosts(home.resolve("known_hosts"), hosts);
      return new EmbeddedFleet(home, clientKey, ioThreads, timers, hosts);
    } catch (IOException | RuntimeException e) {
      ioThreads.shutdownNow();
      timers.shutdownNow();
      throw e;
    }
  }

  /** The hosts, in the order their names were given. */
  public List<EmbeddedHost> hosts() {
    return hosts;
  }

  public EmbeddedHost host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host '" + name + "' in this fleet; it has "
            + hosts.stream().map(EmbeddedHost::name).toList()));
  }

  /** OpenSSH-format ed25519 private key, no passphrase, accepted by every host. */
  public Path clientKey() {
    return clientKey;
  }

  /** Every host's key as first started, pinned by {@code [127.0.0.1]:PORT}. */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** Writes a steady YAML inventory listing the hosts in order; returns {@code file}. */
  public Path writeInventory(Path file, String env) {
    return FleetFiles.writeInventory(file, hosts, EmbeddedHost.USER, clientKey, env);
  }

  @Override
  public void close() {
    hosts.forEach(EmbeddedHost::close);
    ioThreads.shutdownNow();
    timers.shutdownNow();
  }
}
