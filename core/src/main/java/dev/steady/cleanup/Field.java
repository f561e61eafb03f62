package dev.steady.cleanup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One NUL-terminated field of a remote record being received, bounded in size. */
final class Field {

  /** Far above PATH_MAX: a longer field means the stream is not what we asked for. */
  static final int MAX = 64 * 1024;

  private byte[] bytes = new byte[256];
  private int length;

  /**
   * Takes bytes from {@code b[off..end)} up to and including a NUL.
   *
   * @return the index after the NUL, or -1 when every byte was taken and the field is still open
   */
  int take(byte[] b, int off, int end) throws IOException {
    for (int i = off; i < end; i++) {
      if (b[i] == 0) {
        append(b, off, i - off);
        return i + 1;
      }
    }
    append(b, off, end - off);
    return -1;
  }

  private void append(byte[] b, int off, int len) throws IOException {
    if (length + len > MAX) {
      throw new IOException("a field longer than " + MAX + " bytes");
    }
    if (length + len > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
    }
    System.arraycopy(b, off, bytes, length, len);
    length += len;
  }

  boolean isEmpty() {
    return length == 0;
  }

  byte[] bytes() {
    return Arrays.copyOf(bytes, length);
  }

  String text() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  long number() throws IOException {
    try {
      return Long.parseLong(text());
    } catch (NumberFormatException e) {
      throw new IOException("not a number: '" + text() + "'");
    }
  }

  /** An unsigned 64-bit decimal (inode, device numbers may use the top bit), as the bits of a long. */
  long unsigned() throws IOException {
    try {
      return Long.parseUnsignedLong(text());
    } catch (NumberFormatException e) {
      throw new IOException("not an unsigned number: '" + text() + "'");
    }
  }

  void clear() {
    length = 0;
    if (bytes.length > 4096) {
      bytes = new byte[256];
    }
  }
}
