package dev.steady.cleanup;

import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.Shell;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Free and total bytes of the filesystem that holds a path on a host, from POSIX {@code df -P -B1}. */
record DiskSpace(long freeBytes, long totalBytes) {

  /** "FILESYSTEM TOTAL USED AVAILABLE CAPACITY% MOUNTPOINT"; the names may hold spaces, the numbers not. */
  private static final Pattern LINE = Pattern.compile("^.*?\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(?:\\d+%|-)\\s+.*$");

  /** The shell command; its last output line is the one {@link #parse} reads. */
  static String command(String path) {
    return "LC_ALL=C df -P -B1 -- " + Shell.quote(path) + " | tail -n 1";
  }

  static DiskSpace query(VerifiedConnection connection, String path) throws IOException {
    CommandResult result = connection.run(command(path), Duration.ofSeconds(60), 4096);
    return parse(connection.host().name(), path, result.stdout().text());
  }

  static DiskSpace parse(String host, String path, String dfLine) throws IOException {
    Matcher m = LINE.matcher(dfLine.strip());
    if (!m.matches()) {
      throw new IOException(host + ": cannot read the free space of " + path + " from `df -P -B1`: got '"
          + dfLine.strip() + "'");
    }
    return new DiskSpace(Long.parseLong(m.group(3)), Long.parseLong(m.group(1)));
  }
}
