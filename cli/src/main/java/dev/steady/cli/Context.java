package dev.steady.cli;

import dev.steady.audit.AnchorFile;
import dev.steady.audit.AuditLog;
import dev.steady.audit.Checkpoints;
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
  private Checkpoints checkpoints;
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

  /** The inventory, read once; what reading it noticed is printed to stderr once, as warnings. */
  Inventory inventory() {
    if (inventory == null) {
      inventory = Inventory.load(inventoryPath(), sshConfigPath());
      inventory.warnings().forEach(w -> err.println("steady: warning: " + Terminal.safe(w)));
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

  /** The audit log for a command that may append: what it appends is checkpointed to the anchor file. */
  AuditLog audit() {
    if (audit == null) {
      audit = auditReader().anchoredBy(checkpoints());
    }
    return audit;
  }

  /** The audit log for a command that only reads it (log, verify, head): no key is needed. */
  AuditLog auditReader() {
    return new AuditLog(store(), AuditLog.currentActor());
  }

  /** This controller's checkpoints of the store; a key file open to others is refused here, before any work. */
  Checkpoints checkpoints() {
    if (checkpoints == null) {
      checkpoints = Checkpoints.open(store(), new AnchorFile(anchorPath()), anchorKeyPath());
    }
    return checkpoints;
  }

  /** This machine's anchor file: {@code $STEADY_ANCHOR}, else {@code ~/.steady/audit-anchor}. */
  Path anchorPath() {
    String env = System.getenv("STEADY_ANCHOR");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".steady", "audit-anchor");
  }

  /** The key that signs its lines, next to it. */
  Path anchorKeyPath() {
    return Path.of(anchorPath() + ".key");
  }

  /**
   * The end of a command that appended: one checkpoint of its newest entry. A checkpoint that
   * cannot be written is a warning, not a failure: the command's work is done and stays reported.
   */
  private void checkpoint() {
    try {
      checkpoints.flush();
    } catch (RuntimeException e) {
      err.println("steady: warning: no checkpoint of the audit log was written: " + Errors.oneLine(e.getMessage()));
    }
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
    }
    if (checkpoints != null) {
      checkpoint();
    }
    if (store != null) {
      store.close();
    }
  }
}
