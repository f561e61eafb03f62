package dev.steady.cleanup;

import dev.steady.failure.SteadyException;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The mount points strictly inside a cleanup root, from the host's {@code /proc/self/mountinfo}.
 * {@code find -xdev} stops at other filesystems, but a bind mount of the root's own filesystem has
 * the same device: without this, files that live outside the root would be listed through it (and
 * deleted). Planning prunes these directories; the delete agent refuses to walk into any of them.
 *
 * @param known false when the host has no {@code /proc/self/mountinfo} (then {@code inside} is empty
 *     and a bind mount inside the root cannot be seen)
 * @param inside the mount points below the root, as display paths, sorted
 */
record MountPoints(boolean known, List<String> inside) {

  static final String KIND = "mount point";
  private static final String MISSING = "steady:no-mountinfo";

  MountPoints {
    inside = List.copyOf(inside);
  }

  static MountPoints unknown() {
    return new MountPoints(false, List.of());
  }

  /** Reads the host's mount table; the mount points strictly below {@code root}. */
  static MountPoints read(VerifiedConnection connection, String root) throws IOException {
    CommandResult result = connection.run("cat /proc/self/mountinfo 2>/dev/null || echo " + MISSING, Duration.ofSeconds(60), 4 << 20);
    String text = new String(result.stdout().head(), StandardCharsets.ISO_8859_1);
    if (!result.succeeded() || text.strip().equals(MISSING) || text.isBlank()) {
      return unknown();
    }
    return new MountPoints(true, inside(text, root, connection.host().name()));
  }

  /** The mount points of {@code mountinfo} (ISO-8859-1 text: bytes as chars) strictly below {@code root}. */
  static List<String> inside(String mountinfo, String root, String host) {
    byte[] prefix = (root.equals("/") ? "/" : root + "/").getBytes(StandardCharsets.UTF_8);
    TreeSet<String> found = new TreeSet<>();
    for (String line : mountinfo.split("\n")) {
      String[] fields = line.split(" ");
      if (fields.length < 5) {
        continue;
      }
      byte[] point = decode(fields[4]);
      if (point.length > prefix.length && Arrays.equals(point, 0, prefix.length, prefix, 0, prefix.length)) {
        found.add(utf8(point, host));
      }
    }
    return new ArrayList<>(found);
  }

  /** mountinfo writes space, tab, newline and backslash as {@code \ooo} (octal). */
  static byte[] decode(String field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && octal(field, i + 1)) {
        out.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.write(c & 0xff);
      }
    }
    return out.toByteArray();
  }

  private static boolean octal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }

  /** A mount point steady must pass to find by name: one that is not UTF-8 cannot be, so planning stops. */
  private static String utf8(byte[] path, String host) {
    String text = new String(path, StandardCharsets.UTF_8);
    if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), path)) {
      throw SteadyException.refused("host " + host + ": a mount point (" + dev.steady.plan.FileEntry.display(path)
          + ") has a name that is not UTF-8, so steady cannot keep find out of it; nothing was planned; plan a directory without it");
    }
    return text;
  }

  /** {@code path} as a find {@code -path} pattern that matches only itself. */
  static String pattern(String path) {
    StringBuilder b = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c == '\\' || c == '*' || c == '?' || c == '[' || c == ']') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
