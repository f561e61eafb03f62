package dev.steady.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An output sink that keeps the first {@code cap} bytes and digests all of them: bounded memory. */
final class CappedOutput extends OutputStream {

  private final int cap;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final MessageDigest digest;
  private long total;

  CappedOutput(int cap) {
    this.cap = Math.max(0, cap);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    digest.update(b, off, len);
    int room = (int) Math.max(0, Math.min(len, cap - total));
    if (room > 0) {
      head.write(b, off, room);
    }
    total += len;
  }

  synchronized Output result() {
    return new Output(head.toByteArray(), total, HexFormat.of().formatHex(digest.digest()));
  }
}
