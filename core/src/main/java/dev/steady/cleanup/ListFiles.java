package dev.steady.cleanup;

import dev.steady.plan.Criteria;
import dev.steady.plan.FileEntry;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Planning's remote step: evaluates the cleanup criteria on the host itself with one GNU find over
 * the root, and streams the matched files (raw-byte paths with their identity: size, mtime, inode,
 * device) in walk order. Symbolic links are never followed, the root must be canonical, and no mount
 * point inside the root is entered (the host's mount table says which), so every listed path is a
 * real file under the root (invariant 3 starts here). Deletes nothing.
 */
public final class ListFiles {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  private static final int STDERR_CAP = 256 * 1024;

  private final VerifiedConnection connection;
  private final String root;
  private final Criteria criteria;
  private final Duration timeout;

  /**
   * @param now the controller's clock; not used to evaluate ages (the host's clock is, see
   *     {@link Listing#evaluatedAt()}), kept so callers can compare the two
   */
  public ListFiles(VerifiedConnection connection, String root, Criteria criteria, Instant now) {
    this(connection, root, criteria, DEFAULT_TIMEOUT);
  }

  public ListFiles(VerifiedConnection connection, String root, Criteria criteria, Duration timeout) {
    this.connection = connection;
    this.root = root;
    this.criteria = criteria;
    this.timeout = timeout;
  }

  /**
   * Checks the root, then lists.
   *
   * @param matched gets each matched file as soon as it is parsed, in walk order
   * @throws dev.steady.failure.SteadyException when the root is missing, relative, not a directory,
   *     not canonical, or the host has no GNU find
   * @throws IOException when the connection fails or find fails without listing anything (names the host)
   */
  public Listing call(Consumer<FileEntry> matched) throws IOException {
    DiskSpace space = RootCheck.verify(connection, root);
    MountPoints mounts = MountPoints.read(connection, root);
    String command = FindCommand.build(root, criteria, mounts.inside());
    ListingTally tally = new ListingTally();
    ListingParser parser = new ListingParser(matched, tally);
    CommandResult result = connection.stream(command, null, parser, timeout, STDERR_CAP);
    String host = connection.host().name();
    if (!parser.complete()) {
      throw new IOException(host + ": the listing of " + root + " was cut off inside a record (exit "
          + result.exitStatus() + "); plan again");
    }
    if (!result.succeeded()) {
      boolean listed = tally.anyRecord();
      boolean explained = FindErrors.count(result.stderr().text(), tally);
      if (result.exitStatus() == null || tally.clock() == null || !listed && !explained) {
        throw new IOException(host + ": find over " + root + " failed (exit "
            + (result.exitStatus() == null ? "signal " + result.exitSignal() : result.exitStatus()) + "): "
            + firstLine(result.stderr().text()));
      }
    }
    return tally.listing(root, space, mounts);
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int nl = stripped.indexOf('\n');
    return stripped.isEmpty() ? "no message" : nl < 0 ? stripped : stripped.substring(0, nl);
  }
}
