package dev.steady.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** A MINA SSH client for tests: logs in with the fleet's key and remembers each port's host key. */
final class Ssh implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** What one command did. */
  record Result(int exit, String out, String err) {}

  private final SshClient client = SshClient.setUpDefaultClient();
  private final Map<Integer, PublicKey> seenKeys = new ConcurrentHashMap<>();
  private final KeyPair identity;

  Ssh(Path clientKey) throws IOException {
    identity = Keys.load(clientKey);
    client.setServerKeyVerifier((session, address, key) -> {
      seenKeys.put(((InetSocketAddress) address).getPort(), key);
      return true;
    });
    client.start();
  }

  ClientSession connect(TestHost host) throws IOException {
    ClientSession session = client.connect(host.user(), host.address(), host.port()).verify(TIMEOUT).getSession();
    session.addPublicKeyIdentity(identity);
    session.auth().verify(TIMEOUT);
    return session;
  }

  Result run(TestHost host, String command) throws IOException {
    try (ClientSession session = connect(host)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = exec(session, command, out, err);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  static int exec(ClientSession session, String command, OutputStream out, OutputStream err) throws IOException {
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(TIMEOUT);
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
      Integer status = channel.getExitStatus();
      return status == null ? -1 : status;
    }
  }

  PublicKey keySeenAt(int port) {
    return seenKeys.get(port);
  }

  @Override
  public void close() throws IOException {
    client.stop();
  }
}
