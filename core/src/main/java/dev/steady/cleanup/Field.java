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
    // a plain decimal of up to 18 digits (every size and pid, the seconds of any date) without a String
    int i = length > 0 && bytes[0] == '-' ? 1 : 0;
    long value = digits(i, length);
    if (value >= 0 && length > i) {
      return i == 1 ? -value : value;
    }
    try {
      return Long.parseLong(text());
    } catch (NumberFormatException e) {
      throw new IOException("not a number: '" + text() + "'");
    }
  }

  /** An unsigned 64-bit decimal (inode, device numbers may use the top bit), as the bits of a long. */
  long unsigned() throws IOException {
    long value = digits(0, length);
    if (value >= 0 && length > 0) {
      return value;
    }
    try {
      return Long.parseUnsignedLong(text());
    } catch (NumberFormatException e) {
      throw new IOException("not an unsigned number: '" + text() + "'");
    }
  }

  /**
   * find's {@code %T@} ({@code 1700000000.1234567890}; see {@link ListingParser#nanos(String)}) in
   * nanoseconds, parsed from the bytes when it has the usual shape, else by that method.
   */
  long timestamp() throws IOException {
    int dot = -1;
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '.') {
        dot = i;
        break;
      }
    }
    int start = length > 0 && bytes[0] == '-' ? 1 : 0;
    if (dot > start) {
      long seconds = digits(start, dot);
      int fractionEnd = Math.min(length, dot + 10);
      long fraction = digits(dot + 1, fractionEnd);
      if (seconds >= 0 && fraction >= 0 && digits(fractionEnd, length) >= 0 && seconds < 9_000_000_000L) {
        for (int i = fractionEnd - dot - 1; i < 9; i++) {
          fraction *= 10;
        }
        return (start == 1 ? -seconds : seconds) * 1_000_000_000L + fraction;
      }
    }
    return ListingParser.nanos(text());
  }

  /** The value of the ASCII digits {@code bytes[from..to)} (0 when empty), or -1 if one is not a digit or there are more than 18. */
  private long digits(int from, int to) {
    if (to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int d = bytes[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** True when the field is exactly the decimal form of {@code n} (n &gt;= 0). */
  boolean isDecimal(long n) {
    return n >= 0 && length > 0 && (length == 1 || bytes[0] != '0') && digits(0, length) == n;
  }

  /** The only byte of a one-byte field, else -1. */
  int single() {
    return length == 1 ? bytes[0] & 0xff : -1;
  }

  void clear() {
    length = 0;
    if (bytes.length > 4096) {
      bytes = new byte[256];
    }
  }
}
