package dev.steady.plan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One file of a plan, with the identity it had when it was reviewed (invariant 3): absolute path as
 * raw bytes (file names are bytes, not text), size, mtime in nanoseconds, inode and device; and the
 * disk space it takes ({@code st_blocks} × 512), which is what deleting it frees: a sparse file's
 * size says nothing about that. The space is not part of the identity (equality ignores it).
 *
 * @param allocated bytes allocated on disk, or -1 when unknown (plans made before it was listed)
 */
public record FileEntry(byte[] path, long size, long mtimeNanos, long inode, long device, long allocated) {

  /** A file whose allocated space is unknown. */
  public FileEntry(byte[] path, long size, long mtimeNanos, long inode, long device) {
    this(path, size, mtimeNanos, inode, device, -1);
  }

  public FileEntry {
    if (allocated < -1) {
      throw new IllegalArgumentException("negative allocated space");
    }
    if (path == null || path.length == 0 || path[0] != '/') {
      throw new IllegalArgumentException("a plan path must be absolute");
    }
    path = path.clone();
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
  }

  @Override
  public byte[] path() {
    return path.clone();
  }

  /** The space deleting this file frees at most: its allocated bytes when known, else its size. */
  public long spaceOnDisk() {
    return allocated >= 0 ? allocated : size;
  }

  /** The path as text when it is valid UTF-8, else with each invalid byte written {@code \xNN}. */
  public String displayPath() {
    return display(path);
  }

  /** True when the path is valid UTF-8 (then {@link #displayPath()} is exact). */
  public boolean utf8() {
    return decode(path) != null;
  }

  /** The exact bytes, base64, for JSON's {@code path_bytes}. */
  public String pathBase64() {
    return Base64.getEncoder().encodeToString(path);
  }

  /** True when the raw bytes of both paths are equal. */
  public boolean samePath(byte[] other) {
    return Arrays.equals(path, other);
  }

  public static String display(byte[] bytes) {
    String text = decode(bytes);
    if (text != null) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < bytes.length) {
      int len = utf8Length(bytes, i);
      if (len > 0) {
        out.append(new String(bytes, i, len, StandardCharsets.UTF_8));
        i += len;
      } else {
        out.append(String.format("\\x%02x", bytes[i] & 0xff));
        i++;
      }
    }
    return out.toString();
  }

  private static String decode(byte[] bytes) {
    if (ascii(bytes)) {
      return new String(bytes, StandardCharsets.ISO_8859_1); // the common case, without a decoder
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Length of a valid UTF-8 sequence starting at {@code i}, or 0. */
  private static int utf8Length(byte[] b, int i) {
    int lead = b[i] & 0xff;
    int len = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (len == 0 || i + len > b.length) {
      return 0;
    }
    return decode(Arrays.copyOfRange(b, i, i + len)) == null ? 0 : len;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileEntry f && Arrays.equals(path, f.path) && size == f.size && mtimeNanos == f.mtimeNanos
        && inode == f.inode && device == f.device;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(path) * 31 + Long.hashCode(size) + 7 * Long.hashCode(mtimeNanos) + 13 * Long.hashCode(inode);
  }

  @Override
  public String toString() {
    return displayPath() + " (" + size + " bytes, mtime " + mtimeNanos + "ns, inode " + inode + ", dev " + device + ")";
  }
}
