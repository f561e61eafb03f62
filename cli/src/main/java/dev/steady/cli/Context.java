package dev.steady.cli;

import dev.steady.audit.AnchorFile;
import dev.steady.audit.AuditLog;
import dev.steady.audit.Checkpoints;
import dev.steady.failure.SteadyException;
import dev.steady.identity.PinFiles;
import dev.steady.inventory.Inventory;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.login.KeyPassphrases;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a command works with, opened lazily from the global options and closed at the end. */
final class Context implements AutoCloseable {

  private static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(10);

  final GlobalOptions options;
  final PrintStream out;
  final PrintStream err;
  final Terminal terminal;
  private Inventory inventory;
  private Store store;
  private AuditLog audit;
  private Checkpoints checkpoints;
  private boolean warned;
  private PinFiles pins;
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
      String template = options.expectHostname != null ? options.expectHostname : System.getenv("STEADY_EXPECT_HOSTNAME");
      inventory = Inventory.load(inventoryPath(), sshConfigPath()).withDefaultExpectHostname(template);
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
    if (options.sshConfig != null && !Files.isRegularFile(options.sshConfig)) {
      throw SteadyException.badInput("ssh config " + options.sshConfig + (Files.exists(options.sshConfig) ? " is not a file"
          : " does not exist") + "; check --ssh-config FILE (without it, ~/.ssh/config is read when it exists)");
    }
    return options.sshConfig != null ? options.sshConfig : Path.of(System.getProperty("user.home"), ".ssh", "config");
  }

  /**
   * The hosts {@code target} selects; the ssh config settings that apply to them and that steady
   * does not honour are named on stderr, once.
   */
  java.util.List<dev.steady.inventory.Host> select(String target) {
    java.util.List<dev.steady.inventory.Host> hosts = inventory().select(target);
    if (!warned) {
      warned = true;
      inventory().warnings(hosts).forEach(w -> err.println("steady: warning: " + Errors.oneLine(w)));
    }
    return hosts;
  }

  /**
   * The known_hosts files each host's pins are read from (and written to), as ssh reads them: the
   * one --known-hosts / $STEADY_KNOWN_HOSTS names, else the host's UserKnownHostsFile (default
   * ~/.ssh/known_hosts, known_hosts2), plus its GlobalKnownHostsFile (default /etc/ssh/ssh_known_hosts).
   * Followed, not read once: a pin replaced or revoked during an hour-long run counts at the next host.
   */
  PinFiles pins() {
    if (pins == null) {
      pins = PinFiles.of(explicitKnownHosts(), Path.of(System.getProperty("user.home")));
    }
    return pins;
  }

  /** The file --known-hosts or $STEADY_KNOWN_HOSTS names, else null. */
  Path explicitKnownHosts() {
    String env = System.getenv("STEADY_KNOWN_HOSTS");
    return options.knownHosts != null ? options.knownHosts : env != null && !env.isBlank() ? Path.of(env) : null;
  }

  /** Where pins of hosts without a UserKnownHostsFile go, for messages. */
  Path knownHostsPath() {
    Path explicit = explicitKnownHosts();
    return explicit != null ? explicit : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  /** The transport for a command that does not act through sudo (inventory check, pin). */
  FleetTransport transport() {
    return transport(CONNECT_TIMEOUT, BecomeOptions.NONE);
  }

  /** The transport for a command that may act through sudo. */
  FleetTransport transport(BecomeOptions become) {
    return transport(CONNECT_TIMEOUT, become);
  }

  /**
   * The transport, logging in as this user's ssh would: the environment (SSH_AUTH_SOCK,
   * STEADY_KEY_PASSPHRASE, STEADY_BECOME_PASSWORD), the passphrase of an encrypted key asked on the
   * terminal, what ssh would warn about printed as warnings, the become password asked when
   * {@code --ask-become-pass} says so.
   */
  FleetTransport transport(java.time.Duration connectTimeout, BecomeOptions become) {
    if (transport == null) {
      TransportOptions options = TransportOptions.defaults().withConnectTimeout(connectTimeout)
          .withPassphrases(Terminal.interactive() ? Context::askPassphrase : KeyPassphrases.NONE)
          .withNotes(note -> err.println("steady: warning: " + Errors.oneLine(note)));
      options = options.withSudoPassword(become.password(options.sudoPassword()));
      transport = new FleetTransport(pins(), options);
    }
    return transport;
  }

  /** ssh's own prompt, without echo. */
  private static char[] askPassphrase(Path key) {
    return System.console().readPassword("Enter passphrase for key '%s': ", key);
  }

  Store store() {
    if (store == null) {
      store = Stores.open(options.store);
    }
    return store;
  }

  /** The run {@code idOrPrefix} names (its id or a unique prefix), else bad input. */
  dev.steady.run.RunInfo run(String idOrPrefix) {
    return store().lookupRun(idOrPrefix).orElseThrow(() -> SteadyException.badInput("no run '" + Terminal.safe(idOrPrefix)
        + "' in this store; `steady status` lists the runs"));
  }

  /**
   * The audit subjects {@code id} stands for: an exec id as given; a run (id or unique prefix) and,
   * for an apply, its plan; a plan (id or unique prefix) and the run that applied it. An id that
   * names nothing is returned as given (an audit log may hold entries of what the store forgot).
   */
  java.util.List<String> auditSubjects(String id) {
    String given = id.strip();
    if (given.startsWith("x-")) {
      return java.util.List.of(given);
    }
    if (given.startsWith("r-")) {
      return store().lookupRun(given).map(r -> r.plan() == null ? java.util.List.of(r.id()) : java.util.List.of(r.id(), r.plan()))
          .orElse(java.util.List.of(given));
    }
    return store().findPlan(given).map(p -> {
      String run = store().planState(p.id()).run();
      return run == null ? java.util.List.of(p.id()) : java.util.List.of(p.id(), run);
    }).orElse(java.util.List.of(given));
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
    } catch (dev.steady.store.StoreException | dev.steady.failure.StoreUnreachable e) {
      // the store is away: the command has said so; the next command that reaches it checkpoints these entries too
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
