package dev.steady.cleanup;

import dev.steady.failure.SteadyException;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks a cleanup root on its host before anything is listed, in one command: GNU find is there,
 * the root exists, is a directory and is canonical (no symbolic link on the way: invariant 3 rests
 * on it), and reads the free space of its filesystem.
 */
final class RootCheck {

  private RootCheck() {}

  /** The remote script; prints NUL-terminated {@code nofind}, or the root's type and real path, then the df line. */
  static String command(String root) {
    return "LC_ALL=C; export LC_ALL; r=" + Shell.quote(root) + "; "
        + "find --version 2>/dev/null | grep -q 'GNU findutils' || { printf 'nofind\\0'; exit 0; }; "
        + "if [ -L \"$r\" ]; then t=link; elif [ ! -e \"$r\" ]; then t=missing; "
        + "elif [ ! -d \"$r\" ]; then t=notdir; else t=dir; fi; "
        + "real=$(readlink -f -- \"$r\" 2>/dev/null && echo .); real=${real%??}; "
        + "printf '%s\\0%s\\0' \"$t\" \"$real\"; "
        + "[ \"$t\" = dir ] || exit 0; df -P -B1 -- \"$r\" | tail -n 1";
  }

  /**
   * @return the free space of the root's filesystem
   * @throws SteadyException when the root is unusable or the host lacks GNU find
   * @throws IOException when the connection fails
   */
  static DiskSpace verify(VerifiedConnection connection, String root) throws IOException {
    String host = connection.host().name();
    if (!root.startsWith("/")) {
      throw SteadyException.badInput("host " + host + ": --path " + root + " is relative; pass an absolute path");
    }
    if (root.indexOf('\0') >= 0) {
      throw SteadyException.badInput("host " + host + ": --path contains a NUL byte; pass a real directory path");
    }
    CommandResult result = connection.run(command(root), Duration.ofSeconds(60), 64 * 1024);
    String[] fields = new String(result.stdout().head(), StandardCharsets.UTF_8).split("\0", -1);
    if (fields[0].equals("nofind")) {
      throw SteadyException.refused("host " + host + ": cleanup planning needs GNU find (findutils) there, "
          + "and `find --version` did not report it; install findutils on " + host);
    }
    if (!result.succeeded() || fields.length < 3) {
      throw new IOException(host + ": could not check --path " + root + " (exit " + result.exitStatus() + "): "
          + result.stderr().text().strip());
    }
    refuseUnusable(host, root, fields[0], fields[1]);
    return DiskSpace.parse(host, root, fields[2]);
  }

  private static void refuseUnusable(String host, String root, String type, String real) {
    String where = "host " + host + ": --path " + root;
    switch (type) {
      case "missing" -> throw SteadyException.badInput(where + " does not exist; check the path on " + host);
      case "notdir" -> throw SteadyException.badInput(where + " is not a directory; pass the directory that holds the files");
      case "link" -> throw SteadyException.badInput(where + " is a symbolic link to " + real + "; pass the real path");
      default -> {
        if (!real.equals(root)) {
          throw SteadyException.badInput(normalized(root).equals(real)
              ? where + " is not canonical; pass " + real
              : where + " resolves to " + real + " through a symbolic link; pass the real path");
        }
      }
    }
  }

  /** {@code path} with empty and {@code .} components dropped and {@code ..} applied, lexically. */
  static String normalized(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }
}
