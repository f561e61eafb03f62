package dev.steady.fleet;

import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An SSH server inside this JVM (Apache MINA SSHD on 127.0.0.1) that runs exec requests as real
 * processes in its own file tree, answers {@code hostname} with its own name and {@code
 * /etc/machine-id} with its own id, and can be made to misbehave: lie about its name, become a clone
 * of another host (key, name and all), drop every session, go down and come back, change its key.
 *
 * <p>Files under {@code DIR/NAME/}: {@code ssh_host_ed25519_key}, {@code root/} (the file tree,
 * also {@code HOME} and working directory of every command), {@code bin/hostname} and the
 * {@code hostname} file it prints, and {@code machine-id}, which commands read wherever they name
 * {@code /etc/machine-id} (the command text is rewritten: the host shares this machine's /etc).
 */
public final class EmbeddedHost implements TestHost {

  /** What {@link #user()} reports; the host accepts any user name with the fleet's key. */
  public static final String USER = "steady";

  private final String name;
  private final Path home;
  private final Path root;
  private final PublicKey clientKey;
  private final IoServiceFactoryFactory io;
  private final ScheduledExecutorService timers;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Map<String, String> environment;
  private volatile KeyPair hostKey;
  private volatile Function<String, List<String>> launch = EmbeddedHost::shell;
  private int port;
  private SshServer server;

  EmbeddedHost(Path fleetDir, String name, PublicKey clientKey, IoServiceFactoryFactory io,
      ScheduledExecutorService timers) throws IOException {
    this.name = name;
    this.home = fleetDir.resolve(name).toAbsolutePath();
    this.root = Files.createDirectories(home.resolve("root"));
    this.clientKey = clientKey;
    this.io = io;
    this.timers = timers;
    this.hostKey = Keys.loadOrCreate(hostKeyFile(), "steady-fleet@" + name);
    if (!Files.exists(home.resolve("machine-id"))) {
      setMachineId(java.util.UUID.randomUUID().toString().replace("-", ""));
    }
    Path bin = Files.createDirectories(home.resolve("bin"));
    writeHostnameScript(bin.resolve("hostname"));
    setHostname(name);
    this.environment = Map.of(
        "PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME", root.toString());
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
  public synchronized int port() {
    return port;
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public PublicKey hostKey() {
    return hostKey.getPublic();
  }

  @Override
  public Path root() {
    return root;
  }

  /** Makes {@code hostname} answer {@code answer} from now on (impostor and cloned-VM tests). */
  public void setHostname(String answer) {
    try {
      Path tmp = Files.createTempFile(home, "hostname", ".tmp");
      Files.writeString(tmp, answer + "\n");
      Files.move(tmp, home.resolve("hostname"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the hostname answer of " + name, e);
    }
  }

  @Override
  public String machineId() {
    try {
      return Files.readString(home.resolve("machine-id")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the machine-id of " + name, e);
    }
  }

  /** Makes {@code /etc/machine-id} hold {@code id} from now on (a clone keeps its original's id). */
  public void setMachineId(String id) {
    try {
      Path tmp = Files.createTempFile(home, "machine-id", ".tmp");
      Files.writeString(tmp, id + "\n");
      Files.move(tmp, home.resolve("machine-id"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the machine-id of " + name, e);
    }
  }

  /**
   * Becomes a clone of {@code original}'s image: its host key and hostname, but this host's own
   * machine-id (as a cloned VM whose id was regenerated at first boot), files and port.
   */
  public void cloneOf(EmbeddedHost original) {
    try {
      Files.copy(original.hostKeyFile(), hostKeyFile(), StandardCopyOption.REPLACE_EXISTING);
      Path pub = Path.of(original.hostKeyFile() + ".pub");
      if (Files.exists(pub)) {
        Files.copy(pub, Path.of(hostKeyFile() + ".pub"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the host key of " + original.name + " to " + name, e);
    }
    hostKey = original.hostKey;
    setHostname(original.name);
  }

  /** Makes {@code hostname -f} answer {@code fqdn} (null: the same as {@code hostname}). */
  public void setFullyQualified(String fqdn) {
    try {
      if (fqdn == null) {
        Files.deleteIfExists(home.resolve("hostname-f"));
      } else {
        Files.writeString(home.resolve("hostname-f"), fqdn + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the hostname -f answer of " + name, e);
    }
  }

  /** Abruptly closes every open SSH session now; their processes are killed. */
  public synchronized void disconnectAll() {
    if (server != null) {
      server.getActiveSessions().forEach(session -> session.close(true));
    }
  }

  /** Listens again, on the same port with the current host key; no-op if already running. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    SshServer s = newServer();
    try {
      s.start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded host " + name + " cannot listen on 127.0.0.1:" + port, e);
    }
    server = s;
    port = s.getPort();
  }

  /**
   * Goes down and comes back listening on {@code newPort} (0: any free one): the address of another
   * host, as when an address is reassigned to another machine.
   */
  public synchronized void moveTo(int newPort) {
    stop();
    port = newPort;
    start();
  }

  /** Goes down like a powered-off machine: stops listening and drops every session. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded host " + name + " did not stop cleanly", e);
    } finally {
      server = null;
    }
  }

  /** Presents a newly generated host key from now on (same port); known_hosts is left as it was. */
  public void replaceHostKey() {
    KeyPair fresh = Keys.generate();
    try {
      Keys.write(fresh, hostKeyFile(), "steady-fleet@" + name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the new host key of " + name, e);
    }
    hostKey = fresh;
  }

  /** Every exec command string received, in order. */
  public List<String> commandsRun() {
    return List.copyOf(commands);
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + "@127.0.0.1:" + port;
  }

  private Path hostKeyFile() {
    return home.resolve("ssh_host_ed25519_key");
  }

  private SshServer newServer() {
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost(address());
    s.setPort(port);
    s.setIoServiceFactoryFactory(io);
    s.setScheduledExecutorService(timers, false);
    s.setKeyPairProvider((KeyPairProvider) session -> List.of(hostKey));
    s.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(clientKey, key));
    s.setPasswordAuthenticator(null);
    s.setKeyboardInteractiveAuthenticator(null);
    s.setCommandFactory(this::exec);
    s.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE); // bastion tests: direct-tcpip like OpenSSH's default
    s.setSubsystemFactories(List.of(new HostSftp(root)));
    s.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
    return s;
  }

  private Command exec(ChannelSession channel, String command) {
    commands.add(command);
    String rewritten = command.replace("/etc/machine-id", home.resolve("machine-id").toString());
    return new ProcessCommand(launch.apply(rewritten), root, environment);
  }

  /**
   * Runs this host's commands from now on as {@code launch} says (the program and arguments for one
   * command string), e.g. inside the mount namespace of a {@link PrivateDisk}; null: {@code /bin/sh -c}.
   */
  void launchCommands(Function<String, List<String>> launch) {
    this.launch = launch == null ? EmbeddedHost::shell : launch;
  }

  private static List<String> shell(String command) {
    return List.of("/bin/sh", "-c", command);
  }

  private void writeHostnameScript(Path script) throws IOException {
    String answerFile = home.resolve("hostname").toString().replace("'", "'\\''");
    String fqdnFile = home.resolve("hostname-f").toString().replace("'", "'\\''");
    Files.writeString(script, "#!/bin/sh\nif [ \"$1\" = -f ] && [ -f '" + fqdnFile + "' ]; then exec cat '" + fqdnFile + "'; fi\n"
        + "exec cat '" + answerFile + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
