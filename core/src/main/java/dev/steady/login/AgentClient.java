package dev.steady.login;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The client half of the ssh-agent protocol (draft-miller-ssh-agent, OpenSSH's PROTOCOL.agent) over
 * a unix-domain socket of the JDK: list the keys the agent holds, and ask it to sign. The agent
 * keeps the private keys; FIDO keys ({@code sk-…}) are signed by it with their authenticator.
 */
final class AgentClient implements Closeable {

  static final byte FAILURE = 5;
  static final byte REQUEST_IDENTITIES = 11;
  static final byte IDENTITIES_ANSWER = 12;
  static final byte SIGN_REQUEST = 13;
  static final byte SIGN_RESPONSE = 14;
  static final int RSA_SHA2_256 = 2;
  static final int RSA_SHA2_512 = 4;
  /** OpenSSH's own limit on one agent message. */
  private static final int MAX_MESSAGE = 256 * 1024;

  /**
   * A key the agent holds.
   *
   * @param blob the key (or certificate) as the agent sent it, what a sign request names
   * @param key the same, parsed; a certificate is an {@link org.apache.sshd.common.config.keys.OpenSshCertificate}
   */
  record Held(byte[] blob, PublicKey key, String comment) {}

  private final Path socket;
  private final SocketChannel channel;

  private AgentClient(Path socket, SocketChannel channel) {
    this.socket = socket;
    this.channel = channel;
  }

  /** Connects to the agent listening on {@code socket}. */
  static AgentClient open(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return new AgentClient(socket, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path socket() {
    return socket;
  }

  /** The keys the agent holds, in its order; keys of a type steady cannot parse are left out. */
  synchronized List<Held> identities() throws IOException {
    Buffer answer = request(REQUEST_IDENTITIES, new ByteArrayBuffer());
    byte type = answer.getByte();
    if (type == FAILURE) {
      return List.of();
    }
    expect(type, IDENTITIES_ANSWER, "the list of keys");
    int count = answer.getInt();
    List<Held> held = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] blob = answer.getBytes();
      String comment = answer.getString();
      PublicKey key = PublicKeys.parse(blob);
      if (key != null) {
        held.add(new Held(blob, key, comment));
      }
    }
    return held;
  }

  /**
   * Asks the agent to sign {@code data} with the key {@code blob}; returns the whole signature blob
   * it answers ({@code string algorithm, string signature}, and for FIDO keys the flags and counter).
   *
   * @param flags {@link #RSA_SHA2_256} or {@link #RSA_SHA2_512} for an RSA key, else 0
   * @throws IOException when the agent refuses (a confirmation declined, a key removed) or breaks
   */
  synchronized byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
    Buffer body = new ByteArrayBuffer();
    body.putBytes(blob);
    body.putBytes(data);
    body.putInt(flags);
    Buffer answer = request(SIGN_REQUEST, body);
    byte type = answer.getByte();
    if (type == FAILURE) {
      throw new IOException("the ssh-agent at " + socket + " refused to sign");
    }
    expect(type, SIGN_RESPONSE, "a signature");
    return answer.getBytes();
  }

  /** The flags that ask for {@code algorithm}'s hash from an RSA key; 0 for any other. */
  static int flagsFor(String algorithm) {
    if (algorithm.startsWith("rsa-sha2-512")) {
      return RSA_SHA2_512;
    }
    return algorithm.startsWith("rsa-sha2-256") ? RSA_SHA2_256 : 0;
  }

  private Buffer request(byte type, Buffer body) throws IOException {
    int length = body.available() + 1;
    ByteBuffer out = ByteBuffer.allocate(4 + length);
    out.putInt(length).put(type).put(body.array(), body.rpos(), body.available()).flip();
    while (out.hasRemaining()) {
      channel.write(out);
    }
    ByteBuffer header = read(4);
    int size = header.getInt();
    if (size <= 0 || size > MAX_MESSAGE) {
      throw new IOException("the ssh-agent at " + socket + " answered a message of " + size + " bytes; is it an ssh-agent?");
    }
    ByteBuffer message = read(size);
    return new ByteArrayBuffer(message.array());
  }

  private ByteBuffer read(int size) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(size);
    while (in.hasRemaining()) {
      if (channel.read(in) < 0) {
        throw new EOFException("the ssh-agent at " + socket + " closed the connection");
      }
    }
    return in.flip();
  }

  private void expect(byte type, byte wanted, String what) throws IOException {
    if (type != wanted) {
      throw new IOException("the ssh-agent at " + socket + " answered message type " + type + " when asked for " + what);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
