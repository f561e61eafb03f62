package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.identity.KeyVerdict;
import dev.steady.failure.SteadyException;
import dev.steady.identity.Pins;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.KeyPair;
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
 * the very host the inventory names (invariant 2); there is no accept-all path.
 */
public final class SshTransport implements Transport {

  private static final AttributeRepository.AttributeKey<Attempt> ATTEMPT = new AttributeRepository.AttributeKey<>();

  private final SshClient client;
  private final Pins pins;
  private final KeyFiles keys;
  private final Duration connectTimeout;

  public SshTransport(Pins pins, TransportOptions options) {
    this.pins = pins;
    this.keys = new KeyFiles(options.keyPassphrase());
    this.connectTimeout = options.connectTimeout();
    this.client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(this::verifyServerKey);
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setAgentFactory(null);
    // AES-GCM runs on the JDK's AES-NI intrinsics; MINA's ChaCha20 is plain Java and was the largest
    // single cost of a million-file plan or apply (bench/RESULTS.md). Same security level, server's choice kept.
    client.setCipherFactoriesNames("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr", "aes192-ctr", "aes256-ctr");
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, connectTimeout);
    CoreModuleProperties.AUTH_TIMEOUT.set(client, connectTimeout);
    client.start();
  }

  @Override
  public void prepare(java.util.List<Host> hosts) {
    for (Host host : hosts) {
      keys.forHost(host);
      if (host.proxyJump() != null) {
        Bastion.of(host);
      }
    }
  }

  @Override
  public Connection connect(Host host) throws ConnectFailed {
    var pairs = keys.forHost(host);
    Bastion bastion = host.proxyJump() == null ? null : bastionFor(host);
    Attempt attempt = new Attempt(host, false);
    ClientSession session = null;
    try {
      session = open(attempt, bastion);
      login(session, pairs);
      KeyVerdict.Pinned pinned = (KeyVerdict.Pinned) attempt.verdict; // the verifier let only a pinned key log in
      return new SshConnection(host, session, pinned.presented(), pinned.machineId(), bastion);
    } catch (ConnectFailed e) {
      closeQuietly(bastion);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      closeQuietly(bastion);
      throw new ConnectFailed(failure(attempt, e));
    }
  }

  @Override
  public PublicKey probeHostKey(Host host) throws ConnectFailed {
    Bastion bastion = host.proxyJump() == null ? null : bastionFor(host);
    Attempt attempt = new Attempt(host, true);
    ClientSession session = null;
    try {
      session = open(attempt, bastion);
      session.auth().verify(connectTimeout);
    } catch (IOException | RuntimeException e) {
      if (attempt.key != null) {
        return attempt.key;
      }
      throw new ConnectFailed(failure(attempt, e));
    } finally {
      closeQuietly(session);
      closeQuietly(bastion);
    }
    throw new IllegalStateException("probe of " + host.name() + " logged in although the verifier refused");
  }

  private void login(ClientSession session, java.util.List<KeyPair> pairs) throws IOException {
    for (KeyPair pair : pairs) {
      session.addPublicKeyIdentity(pair);
    }
    session.auth().verify(connectTimeout);
  }

  /** Logs into the jump host of {@code target} (its key checked like any host's) and forwards a local port to the target. */
  private Bastion bastionFor(Host target) throws ConnectFailed {
    Host jump = Bastion.of(target);
    Attempt attempt = new Attempt(jump, false);
    ClientSession session = null;
    try {
      session = open(attempt, null);
      login(session, keys.forHost(target));
      var tracker = session.createLocalPortForwardingTracker(new SshdSocketAddress("127.0.0.1", 0),
          new SshdSocketAddress(target.address(), target.port()));
      return new Bastion(session, tracker);
    } catch (ConnectFailed e) {
      throw new ConnectFailed(viaBastion(target, e.identity()));
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      throw new ConnectFailed(viaBastion(target, failure(attempt, e)));
    }
  }

  private static Identity viaBastion(Host target, Identity bastionFailure) {
    if (bastionFailure instanceof Identity.Unreachable u) {
      return new Identity.Unreachable(null, target.name() + " via bastion: " + u.message());
    }
    return bastionFailure;
  }

  private ClientSession open(Attempt attempt, Bastion bastion) throws ConnectFailed {
    Host host = attempt.host;
    String address = bastion == null ? host.address() : "127.0.0.1";
    int port = bastion == null ? host.port() : bastion.localPort();
    try {
      ConnectFuture future = client.connect(host.user(), address, port, AttributeRepository.ofKeyValuePair(ATTEMPT, attempt), null);
      return future.verify(connectTimeout).getSession();
    } catch (IOException | RuntimeException e) {
      throw new ConnectFailed(new Identity.Unreachable(null, where(host) + ": " + reason(e, "cannot connect")));
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
          where(host) + ": login as " + host.user() + " failed (" + reason(e, "authentication failed")
              + "); check user and identity_file for " + host.name() + " in " + host.source());
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

    Attempt(Host host, boolean probeOnly) {
      this.host = host;
      this.probeOnly = probeOnly;
    }
  }
}
