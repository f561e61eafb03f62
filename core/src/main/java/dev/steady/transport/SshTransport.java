package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.identity.KeyVerdict;
import dev.steady.failure.SteadyException;
import dev.steady.identity.KnownHosts;
import dev.steady.identity.Pins;
import dev.steady.inventory.Host;
import dev.steady.login.Login;
import dev.steady.login.Logins;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * SSH on Apache MINA SSHD. Our own server-key verifier accepts only keys pinned in known_hosts for
 * the very host the inventory names (invariant 2); there is no accept-all path. Login is public key
 * authentication only, offering what {@link Logins} finds as ssh would (agent, identity files,
 * certificates).
 */
public final class SshTransport implements Transport {

  private static final AttributeRepository.AttributeKey<Attempt> ATTEMPT = new AttributeRepository.AttributeKey<>();

  private final SshClient client;
  private final Pins pins;
  private final Logins logins;
  private final Duration connectTimeout;
  private final SudoPassword sudoPassword;

  public SshTransport(Pins pins, TransportOptions options) {
    this.pins = pins;
    this.logins = new Logins(options.keyPassphrase(), options.passphrases(), options.agentSocket(), options.notes());
    this.connectTimeout = options.connectTimeout();
    this.sudoPassword = options.sudoPassword();
    this.client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(this::verifyServerKey);
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setAgentFactory(null); // the agent is spoken to by Logins, with ssh's order and IdentitiesOnly
    client.setUserAuthFactories(java.util.List.of(Logins.publicKeyAuthentication()));
    // AES-GCM runs on the JDK's AES-NI intrinsics; MINA's ChaCha20 is plain Java and was the largest
    // single cost of a million-file plan or apply (bench/RESULTS.md). Same security level, server's choice kept.
    client.setCipherFactoriesNames("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr", "aes192-ctr", "aes256-ctr");
    client.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
      @Override
      public void sessionCreated(org.apache.sshd.common.session.Session session) {
        preferPinnedKeyTypes(session);
      }

      @Override
      public void sessionPeerIdentificationReceived(org.apache.sshd.common.session.Session session, String version,
          java.util.List<String> extraLines) {
        nameForCertificates(session);
      }
    });
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    // an invalid host certificate (expired, wrong principal) is judged as its plain key, as OpenSSH falls back
    CoreModuleProperties.ABORT_ON_INVALID_CERTIFICATE.set(client, false);
    CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, connectTimeout);
    CoreModuleProperties.AUTH_TIMEOUT.set(client, connectTimeout);
    client.start();
  }

  @Override
  public void prepare(java.util.List<Host> hosts) {
    for (Host host : hosts) {
      if (host.ssh().refusal() != null) {
        continue; // refused before anything is dialled; its keys do not matter
      }
      for (Host hop : Route.hops(host)) {
        logins.forHost(hop);
      }
      logins.forHost(host);
    }
  }

  @Override
  public Connection connect(Host host) throws ConnectFailed {
    Login login = host.ssh().refusal() == null ? logins.forHost(host) : null;
    Route route = route(host);
    Attempt attempt = new Attempt(host, false);
    attempt.login = login;
    ClientSession session = null;
    try {
      session = open(attempt, route);
      login(session, login);
      KeyVerdict.Pinned pinned = (KeyVerdict.Pinned) attempt.verdict; // the verifier let only a pinned key log in
      return new SshConnection(host, session, pinned.presented(), pinned.machineId(), route);
    } catch (ConnectFailed e) {
      closeQuietly(route);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      String proxy = attempt.verdict == null ? route.proxyCommandFailure() : null;
      closeQuietly(route);
      throw new ConnectFailed(proxy != null ? new Identity.Unreachable(null, where(host) + ": " + proxy) : failure(attempt, e));
    }
  }

  @Override
  public SudoPassword sudoPassword() {
    return sudoPassword;
  }

  @Override
  public PublicKey probeHostKey(Host host) throws ConnectFailed {
    Route route = route(host);
    Attempt attempt = new Attempt(host, true);
    ClientSession session = null;
    try {
      session = open(attempt, route);
      session.auth().verify(connectTimeout);
    } catch (IOException | RuntimeException e) {
      if (attempt.key != null) {
        return attempt.key;
      }
      throw new ConnectFailed(failure(attempt, e));
    } finally {
      closeQuietly(session);
      closeQuietly(route);
    }
    throw new IllegalStateException("probe of " + host.name() + " logged in although the verifier refused");
  }

  private void login(ClientSession session, Login login) throws IOException {
    login.attach(session);
    session.auth().verify(connectTimeout);
  }

  /**
   * The way to {@code target} as ssh would take it: through each bastion in turn (its own key checked
   * against its own pins, its own login), through a ProxyCommand, or direct.
   */
  private Route route(Host target) throws ConnectFailed {
    if (target.ssh().refusal() != null) {
      throw new ConnectFailed(new Identity.Unsupported(target, target.ssh().refusal()));
    }
    Route route = new Route();
    java.util.List<Host> hops = Route.hops(target);
    try {
      for (int i = 0; i < hops.size(); i++) {
        Host hop = hops.get(i);
        Host next = i + 1 < hops.size() ? hops.get(i + 1) : target;
        if (hop.ssh().refusal() != null) {
          throw new ConnectFailed(new Identity.Unsupported(hop, hop.ssh().refusal()));
        }
        Attempt attempt = new Attempt(hop, false);
        attempt.login = logins.forHost(hop);
        ClientSession session = null;
        try {
          session = open(attempt, route);
          login(session, attempt.login);
          route.addHop(session, session.createLocalPortForwardingTracker(new SshdSocketAddress("127.0.0.1", 0),
              new SshdSocketAddress(next.address(), next.port())));
        } catch (IOException | RuntimeException e) {
          closeQuietly(session);
          throw new ConnectFailed(failure(attempt, e));
        }
      }
      if (hops.isEmpty() && target.ssh().proxyCommand() != null) {
        route.useBridge(ProxyCommandBridge.start(target, connectTimeout));
      }
      return route;
    } catch (ConnectFailed e) {
      closeQuietly(route);
      throw new ConnectFailed(viaBastion(target, e.identity()));
    } catch (IOException e) {
      closeQuietly(route);
      throw new ConnectFailed(new Identity.Unreachable(null, where(target) + ": cannot run its ProxyCommand (" + reason(e,
          "failed") + "); check ProxyCommand in the ssh config"));
    }
  }

  private static Identity viaBastion(Host target, Identity bastionFailure) {
    if (bastionFailure instanceof Identity.Unreachable u) {
      return new Identity.Unreachable(null, target.name() + " via bastion: " + u.message());
    }
    return bastionFailure;
  }

  /** Dials the host of {@code attempt} through what {@code route} has so far (direct when it is empty). */
  private ClientSession open(Attempt attempt, Route route) throws ConnectFailed {
    Host host = attempt.host;
    try {
      ConnectFuture future = client.connect(host.user(), route.addressFor(host), route.portFor(host),
          AttributeRepository.ofKeyValuePair(ATTEMPT, attempt), null);
      return future.verify(connectTimeout).getSession();
    } catch (IOException | RuntimeException e) {
      String proxy = route.proxyCommandFailure();
      throw new ConnectFailed(new Identity.Unreachable(null, where(host) + ": " + (proxy != null ? proxy : reason(e, "cannot connect"))));
    }
  }

  /**
   * Before key exchange starts: ask the host for the key types pinned under its name first (OpenSSH
   * orders HostKeyAlgorithms the same way). A stock sshd offers ed25519, ecdsa and rsa keys; with only
   * one of them pinned, the default order could pick another and report a changed key.
   */
  private void preferPinnedKeyTypes(org.apache.sshd.common.session.Session session) {
    if (!(session instanceof ClientSession client) || client.getConnectionContext() == null) {
      return;
    }
    Attempt attempt = client.getConnectionContext().getAttribute(ATTEMPT);
    if (attempt == null) {
      return;
    }
    java.util.List<String> pinned = pins.keyTypes(attempt.host);
    if (pinned.isEmpty()) {
      return;
    }
    var all = this.client.getSignatureFactories();
    java.util.List<org.apache.sshd.common.NamedFactory<org.apache.sshd.common.signature.Signature>> ordered = new java.util.ArrayList<>();
    for (String type : pinned) {
      all.stream().filter(f -> org.apache.sshd.common.config.keys.KeyUtils.getCanonicalKeyType(f.getName()).equals(
          org.apache.sshd.common.config.keys.KeyUtils.getCanonicalKeyType(type)) && !ordered.contains(f)).forEach(ordered::add);
    }
    all.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
    client.setSignatureFactories(ordered);
  }

  /**
   * Once the connection is up (the client has recorded where it dialled) and before the host's key
   * arrives: a host certificate must name the host as OpenSSH checks it, its HostKeyAlias or
   * address, not the 127.0.0.1 of a bastion's forward or a ProxyCommand's bridge.
   */
  private static void nameForCertificates(org.apache.sshd.common.session.Session session) {
    if (session instanceof org.apache.sshd.client.session.AbstractClientSession client && client.getConnectionContext() != null) {
      Attempt attempt = client.getConnectionContext().getAttribute(ATTEMPT);
      if (attempt != null) {
        client.setConnectAddress(java.net.InetSocketAddress.createUnresolved(KnownHosts.principalOf(attempt.host), attempt.host.port()));
      }
    }
  }

  private boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    Attempt attempt = session.getConnectionContext().getAttribute(ATTEMPT);
    if (attempt == null) {
      return false;
    }
    attempt.key = key;
    try {
      attempt.verdict = pins.judge(attempt.host, key);
    } catch (SteadyException e) {
      attempt.pinsProblem = e.getMessage(); // no readable pins: no key is trusted
      return false;
    }
    return !attempt.probeOnly && attempt.verdict instanceof KeyVerdict.Pinned;
  }

  private Identity failure(Attempt attempt, Exception e) {
    Host host = attempt.host;
    KeyVerdict verdict = attempt.verdict;
    if (verdict == null && attempt.pinsProblem != null) {
      return new Identity.Unreachable(null, where(host) + ": identity not checked: " + attempt.pinsProblem);
    }
    return switch (verdict) {
      case null -> new Identity.Unreachable(null, where(host) + ": " + reason(e, "connection failed before key exchange"));
      case KeyVerdict.Unknown unknown -> new Identity.UnknownKey(host, unknown.presented(), unknown.note());
      case KeyVerdict.Changed changed -> new Identity.ChangedKey(host, changed.presented(), changed.pinned());
      case KeyVerdict.Revoked revoked -> new Identity.RevokedKey(host, revoked.presented());
      case KeyVerdict.Pinned pinned -> new Identity.Unreachable(pinned.presented(),
          where(host) + ": login as " + host.user() + " failed (" + reason(e, "authentication failed") + "; "
              + (attempt.login == null ? "no key was offered" : attempt.login.explain()) + "); check user and identity_file"
              + " (or the ssh config's IdentityFile, CertificateFile, IdentityAgent) for " + host.name() + " in " + host.source());
    };
  }

  static String where(Host host) {
    return host.name() + " (" + host.user() + "@" + host.address() + ":" + host.port() + ")";
  }

  static String reason(Throwable e, String fallback) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getMessage();
    }
    if (message == null || message.isBlank()) {
      return fallback;
    }
    return message.replaceAll("\\s+", " ").trim();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // already broken: nothing more to release
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (RuntimeException e) {
      // stopping a client that lost its connections must not mask the result of a run
    }
  }

  /** What one connection attempt learned during key exchange. */
  private static final class Attempt {
    final Host host;
    final boolean probeOnly;
    volatile PublicKey key;
    volatile KeyVerdict verdict;
    volatile String pinsProblem;
    volatile Login login;

    Attempt(Host host, boolean probeOnly) {
      this.host = host;
      this.probeOnly = probeOnly;
    }
  }
}
