package dev.steady.cli;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Inventory;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a command works with, opened lazily from the global options and closed at the end. */
final class Context implements AutoCloseable {

  final GlobalOptions options;
  final PrintStream out;
  final PrintStream err;
  final Terminal terminal;
  private Inventory inventory;
  private Store store;
  private AuditLog audit;
  private FleetTransport transport;

  Context(GlobalOptions options) {
    this.options = options;
    this.out = System.out;
    this.err = System.err;
    this.terminal = Terminal.detect(options.noColor || options.json);
  }

  /** The context of the command {@code spec} belongs to; global options live on the root command. */
  static Context of(picocli.CommandLine.Model.CommandSpec spec) {
    picocli.CommandLine.Model.CommandSpec root = spec.root();
    return new Context(((Main) root.userObject()).global);
  }

  boolean json() {
    return options.json;
  }

  /** Where human-readable lines go: stderr under --json, so stdout stays one JSON document. */
  PrintStream human() {
    return options.json ? err : out;
  }

  Inventory inventory() {
    if (inventory == null) {
      inventory = Inventory.load(inventoryPath(), sshConfigPath());
    }
    return inventory;
  }

  Path inventoryPath() {
    if (options.inventory != null) {
      return options.inventory;
    }
    String env = System.getenv("STEADY_INVENTORY");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path local = Path.of("inventory.yaml");
    if (Files.exists(local)) {
      return local;
    }
    Path home = Path.of(System.getProperty("user.home"), ".steady", "inventory.yaml");
    if (Files.exists(home)) {
      return home;
    }
    throw SteadyException.badInput("no inventory: neither ./inventory.yaml nor ~/.steady/inventory.yaml exists; pass --inventory FILE");
  }

  Path sshConfigPath() {
    return options.sshConfig != null ? options.sshConfig : Path.of(System.getProperty("user.home"), ".ssh", "config");
  }

  KnownHosts knownHosts() {
    return KnownHosts.load(knownHostsPath());
  }

  Path knownHostsPath() {
    String env = System.getenv("STEADY_KNOWN_HOSTS");
    return options.knownHosts != null ? options.knownHosts
        : env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  FleetTransport transport(TransportOptions transportOptions) {
    if (transport == null) {
      // Followed, not read once: a pin replaced or revoked during an hour-long run counts at the next host.
      transport = new FleetTransport(KnownHosts.followed(knownHostsPath()), transportOptions);
    }
    return transport;
  }

  Store store() {
    if (store == null) {
      store = Stores.open(options.store);
    }
    return store;
  }

  AuditLog audit() {
    if (audit == null) {
      audit = new AuditLog(store(), AuditLog.currentActor());
    }
    return audit;
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
