package dev.steady.web;

import dev.steady.failure.SteadyException;
import dev.steady.identity.KnownHosts;
import dev.steady.store.Store;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import io.javalin.Javalin;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The web console ({@code steady serve}, and the console of {@code steady demo}): server-rendered
 * pages over core's services, for an on-call team to watch the fleet, start restarts and plan
 * cleanups, follow runs live, review, approve and apply plans. It holds no rule of its own: every
 * check is core's, and a button core would refuse is shown disabled with core's reason.
 *
 * <p>Use: {@code try (Console c = Console.start(Console.Settings.local(inventory, knownHosts, store)))
 * { print(c.url()); … }}. The console does not own the store: closing it stops the server, the live
 * feeds and the SSH connections, and leaves the store open for the caller to close. Users come from
 * the store ({@code steady user add}); there is no built-in account.
 *
 * <p>Security: sessions are 256-bit random ids in an {@code HttpOnly; SameSite=Strict} cookie with
 * server-side state and idle expiry; every POST carries a CSRF token; logins are rate-limited per
 * name and address; roles are enforced on the server for every route. The console speaks plain
 * HTTP, so it refuses a non-loopback address unless {@link Settings#allowRemote()} says a TLS proxy
 * is in front.
 */
public final class Console implements AutoCloseable {

  private final Javalin app;
  private final Services services;
  private final RunFeed feed;
  private final Driven driven;
  private final String url;

  /**
   * How to start a console.
   *
   * @param bind the address to listen on (loopback unless {@code allowRemote})
   * @param port the port, 0 for any free one
   * @param inventory the inventory file
   * @param knownHosts the pinned host keys (OpenSSH known_hosts)
   * @param sshConfig an OpenSSH client config for host aliases, or null for none
   * @param store an open store; the caller keeps ownership and closes it after the console
   * @param allowRemote listen on a non-loopback address (only behind a TLS-terminating proxy)
   * @param idleTimeout how long an unused session lives
   * @param feedPeriod how often a followed run's checklist is read from the store
   */
  public record Settings(String bind, int port, Path inventory, Path knownHosts, Path sshConfig, Store store, boolean allowRemote,
      Duration idleTimeout, Duration feedPeriod) {

    public Settings {
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(inventory, "inventory");
      Objects.requireNonNull(knownHosts, "knownHosts");
      Objects.requireNonNull(store, "store");
      if (port < 0 || port > 65535) {
        throw SteadyException.badInput("--port must be between 0 and 65535, got " + port);
      }
      idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
      feedPeriod = feedPeriod == null ? Duration.ofMillis(500) : feedPeriod;
    }

    /** On 127.0.0.1, any free port, no ssh config, 30 minutes idle sessions, the live feed read twice a second. */
    public static Settings local(Path inventory, Path knownHosts, Store store) {
      return new Settings("127.0.0.1", 0, inventory, knownHosts, null, store, false, null, null);
    }

    public Settings withPort(int newPort) {
      return new Settings(bind, newPort, inventory, knownHosts, sshConfig, store, allowRemote, idleTimeout, feedPeriod);
    }

    public Settings withBind(String newBind, boolean remote) {
      return new Settings(newBind, port, inventory, knownHosts, sshConfig, store, remote, idleTimeout, feedPeriod);
    }

    public Settings withSshConfig(Path config) {
      return new Settings(bind, port, inventory, knownHosts, config, store, allowRemote, idleTimeout, feedPeriod);
    }

    public Settings withFeedPeriod(Duration period) {
      return new Settings(bind, port, inventory, knownHosts, sshConfig, store, allowRemote, idleTimeout, period);
    }
  }

  private Console(Javalin app, Services services, RunFeed feed, Driven driven, String url) {
    this.app = app;
    this.services = services;
    this.feed = feed;
    this.driven = driven;
    this.url = url;
  }

  /**
   * Starts the console. Bad input (exit 2 in the CLI): a non-loopback address without {@code
   * allowRemote}, an address that is not local, a port in use, an unreadable inventory.
   */
  public static Console start(Settings settings) {
    refuseRemote(settings);
    // Pins followed, not read once: a key replaced or revoked while the console runs counts at the next check.
    FleetTransport transport = new FleetTransport(dev.steady.identity.PinFiles.of(settings.knownHosts(), Path.of(System.getProperty("user.home"))),
        TransportOptions.defaults());
    Services services = new Services(settings.store(), settings.inventory(), settings.sshConfig(), transport, Clock.systemUTC());
    Driven driven = new Driven();
    RunActions actions = new RunActions(settings.store(), driven, services.clock);
    RunFeed feed = new RunFeed(settings.store(), actions, settings.feedPeriod());
    // Behind the TLS proxy --allow-remote asks for, the cookie is also Secure; on loopback HTTP it cannot be.
    Javalin app = Server.create(services, feed, actions, new Sessions(settings.idleTimeout(), services.clock), settings.allowRemote());
    try {
      app.start(settings.bind(), settings.port());
    } catch (RuntimeException e) {
      feed.close();
      services.close();
      throw cannotListen(settings, e);
    }
    String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
    return new Console(app, services, feed, driven, "http://" + host + ":" + app.port() + "/");
  }

  private static void refuseRemote(Settings settings) {
    InetAddress address;
    try {
      address = InetAddress.getByName(settings.bind());
    } catch (UnknownHostException e) {
      throw SteadyException.badInput("cannot listen on '" + settings.bind() + "': not an address of this machine; use e.g. 127.0.0.1");
    }
    if (!address.isLoopbackAddress() && !settings.allowRemote()) {
      throw SteadyException.badInput("refusing to listen on " + settings.bind() + ": the console speaks plain HTTP (no TLS), so passwords "
          + "and session cookies would cross the network readable; keep 127.0.0.1 and use `ssh -L 8080:127.0.0.1:8080`, or put a TLS "
          + "proxy in front and pass --allow-remote");
    }
  }

  private static SteadyException cannotListen(Settings settings, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return SteadyException.badInput("cannot listen on " + settings.bind() + ":" + settings.port() + ": " + t.getMessage()
            + "; pick another --port (or stop what uses it)");
      }
    }
    return SteadyException.badInput("cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage());
  }

  /** Where the console answers, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    return url;
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** How many runs are followed live right now, and store polls so far (tests, benchmark). */
  int followedRuns() {
    return feed.followed();
  }

  long feedPolls() {
    return feed.polls();
  }

  /** Stops the server: runs this console drives are asked to stop (resumable), feeds end, connections close. */
  @Override
  public void close() {
    driven.stopAll();
    feed.close();
    app.stop();
    services.close();
  }
}
