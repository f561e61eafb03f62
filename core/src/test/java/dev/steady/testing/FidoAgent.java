package dev.steady.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An ssh-agent holding FIDO keys ({@code sk-ssh-ed25519@openssh.com}, {@code
 * sk-ecdsa-sha2-nistp256@openssh.com}) that signs as a security key would (OpenSSH's PROTOCOL.u2f:
 * the key signs SHA-256 of the application, the flags with user presence, a counter and SHA-256 of
 * the message), with software keys, because this machine has no authenticator. A real sshd verifies
 * those signatures as it does a token's, so the client's whole agent path is exercised; what is not
 * is the authenticator and OpenSSH's own agent talking to it.
 */
public final class FidoAgent implements AutoCloseable {

  private static final String APPLICATION = "ssh:";
  private static final byte USER_PRESENT = 0x01;

  private record SkKey(String type, byte[] blob, KeyPair pair) {}

  private final ServerSocketChannel server;
  private final Path socket;
  private final List<SkKey> keys = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final AtomicInteger signatures = new AtomicInteger();
  private final Thread acceptor;

  private FidoAgent(Path socket) throws IOException {
    this.socket = socket;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = Thread.startVirtualThread(this::serve);
  }

  /** An agent on {@code socket} holding one ed25519-sk and one ecdsa-sk key. */
  public static FidoAgent start(Path socket) throws Exception {
    FidoAgent agent = new FidoAgent(socket);
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] encoded = ed.getPublic().getEncoded();
    Buffer edBlob = new ByteArrayBuffer();
    edBlob.putString("sk-ssh-ed25519@openssh.com");
    edBlob.putBytes(java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    edBlob.putString(APPLICATION);
    agent.keys.add(new SkKey("sk-ssh-ed25519@openssh.com", edBlob.getCompactData(), ed));
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair p256 = ec.generateKeyPair();
    Buffer ecBlob = new ByteArrayBuffer();
    ecBlob.putString("sk-ecdsa-sha2-nistp256@openssh.com");
    ecBlob.putString("nistp256");
    ecBlob.putBytes(point((ECPublicKey) p256.getPublic()));
    ecBlob.putString(APPLICATION);
    agent.keys.add(new SkKey("sk-ecdsa-sha2-nistp256@openssh.com", ecBlob.getCompactData(), p256));
    return agent;
  }

  public Path socket() {
    return socket;
  }

  /** authorized_keys lines of the keys, for a host to accept them. */
  public List<String> authorizedKeys() {
    return keys.stream().map(k -> k.type() + " " + Base64.getEncoder().encodeToString(k.blob()) + " fido-test").toList();
  }

  /** How many signatures it made. */
  public int signatures() {
    return signatures.get();
  }

  private void serve() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread.startVirtualThread(() -> talk(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void talk(SocketChannel client) {
    try (client) {
      while (true) {
        ByteBuffer header = read(client, 4);
        if (header == null) {
          return;
        }
        ByteBuffer message = read(client, header.getInt());
        if (message == null) {
          return;
        }
        Buffer in = new ByteArrayBuffer(message.array());
        byte type = in.getByte();
        Buffer out = new ByteArrayBuffer();
        if (type == 11) {
          out.putByte((byte) 12);
          out.putInt(keys.size());
          for (SkKey k : keys) {
            out.putBytes(k.blob());
            out.putString("fido-test " + k.type());
          }
        } else if (type == 13) {
          byte[] blob = in.getBytes();
          byte[] data = in.getBytes();
          SkKey key = keys.stream().filter(k -> java.util.Arrays.equals(k.blob(), blob)).findFirst().orElse(null);
          if (key == null) {
            out.putByte((byte) 5);
          } else {
            out.putByte((byte) 14);
            out.putBytes(sign(key, data));
          }
        } else {
          out.putByte((byte) 5);
        }
        ByteBuffer reply = ByteBuffer.allocate(4 + out.available());
        reply.putInt(out.available()).put(out.array(), out.rpos(), out.available()).flip();
        while (reply.hasRemaining()) {
          client.write(reply);
        }
      }
    } catch (Exception e) {
      // the client went away
    }
  }

  private byte[] sign(SkKey key, byte[] data) throws Exception {
    int count = counter.incrementAndGet();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Buffer signed = new ByteArrayBuffer();
    signed.putRawBytes(sha.digest(APPLICATION.getBytes(StandardCharsets.UTF_8)));
    signed.putByte(USER_PRESENT);
    signed.putInt(count);
    signed.putRawBytes(sha.digest(data));
    byte[] what = signed.getCompactData();
    Buffer blob = new ByteArrayBuffer();
    blob.putString(key.type());
    if (key.type().startsWith("sk-ssh-ed25519")) {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key.pair().getPrivate());
      s.update(what);
      blob.putBytes(s.sign());
    } else {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key.pair().getPrivate());
      s.update(what);
      byte[] rs = s.sign();
      Buffer ecdsa = new ByteArrayBuffer();
      ecdsa.putMPInt(new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, 32)));
      ecdsa.putMPInt(new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64)));
      blob.putBytes(ecdsa.getCompactData());
    }
    blob.putByte(USER_PRESENT);
    blob.putInt(count);
    signatures.incrementAndGet();
    return blob.getCompactData();
  }

  private static byte[] point(ECPublicKey key) {
    byte[] x = unsigned(key.getW().getAffineX());
    byte[] y = unsigned(key.getW().getAffineY());
    byte[] q = new byte[65];
    q[0] = 4;
    System.arraycopy(x, 0, q, 1 + 32 - x.length, x.length);
    System.arraycopy(y, 0, q, 33 + 32 - y.length, y.length);
    return q;
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 32 ? java.util.Arrays.copyOfRange(b, b.length - 32, b.length) : b;
  }

  private static ByteBuffer read(SocketChannel client, int size) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(size);
    while (in.hasRemaining()) {
      if (client.read(in) < 0) {
        return null;
      }
    }
    return in.flip();
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
  }
}
