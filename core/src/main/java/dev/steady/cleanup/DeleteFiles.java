package dev.steady.cleanup;

import dev.steady.failure.SteadyException;
import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Apply's remote step: deletes exactly the planned files of one host, each only if it is still the
 * reviewed file (invariant 3: a regular file of the same size, mtime, inode and device, reached from
 * {@code /} through real directories only, strictly below the root); anything else is reported
 * drifted and left alone. A small Perl agent on the host makes the checks next to the file, so a
 * million files cost one command, not a million round trips.
 */
public final class DeleteFiles {

  private static final String AGENT = agent();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
  private static final int STDERR_CAP = 64 * 1024;

  private final VerifiedConnection connection;
  private final String root;
  private final Duration timeout;

  /** @param root the plan's root on this host; nothing outside it is ever deleted */
  public DeleteFiles(VerifiedConnection connection, String root) {
    this(connection, root, DEFAULT_TIMEOUT);
  }

  public DeleteFiles(VerifiedConnection connection, String root, Duration timeout) {
    if (root == null || !root.startsWith("/") || root.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a plan root must be an absolute path, got " + root);
    }
    this.connection = connection;
    this.root = root;
    this.timeout = timeout;
  }

  /**
   * Streams the planned files to the agent and their results back.
   *
   * @param planned this host's files in plan order; read lazily, never held
   * @param each gets one result per planned file, in order, as soon as the host answers; results
   *     delivered before a failure stand (the caller records them for resume)
   * @throws SteadyException (refused) when the host has no usable perl: nothing was touched
   * @throws IOException when the connection drops or the agent fails (names the host); of the files
   *     without a delivered result, at most the {@value RecordWindow#FILES} that were in flight may be gone
   */
  public Outcome call(Iterator<PlannedFile> planned, Consumer<FileResult> each) throws IOException {
    return call(planned, each, RecordWindow.untilAnswered());
  }

  /**
   * Like {@link #call(Iterator, Consumer)}, with the records in flight bounded by {@code window}: an
   * apply frees room only as results are committed. When the window is stopped, no further record
   * leaves, and once the agent has answered for what it was sent, the stop's reason is thrown.
   */
  Outcome call(Iterator<PlannedFile> planned, Consumer<FileResult> each, RecordWindow window) throws IOException {
    String host = connection.host().name();
    requirePerl(host);
    long before = freeBytes(); // what the deletions are measured against: free space moves by what they free, less what other writers take
    PlanFeed feed = new PlanFeed(planned, window);
    ResultParser parser = new ResultParser(feed, each);
    CommandResult result;
    try {
      result = connection.stream(command(root), feed, parser, timeout, STDERR_CAP);
    } catch (IOException e) {
      rethrowCallerFailure(feed, parser, window);
      throw e;
    }
    rethrowCallerFailure(feed, parser, window);
    if (!result.succeeded() || !parser.complete() || !feed.exhausted()) {
      throw new IOException(host + ": the delete agent under " + root + " stopped before answering for every file (exit "
          + (result.exitStatus() == null ? "signal " + result.exitSignal() : result.exitStatus()) + "): "
          + result.stderr().text().strip() + "; the results received stand, apply the rest again to resume");
    }
    return parser.outcome(before, freeBytes());
  }

  /** Free bytes of the root's filesystem now, or -1 when they cannot be read (the root is gone, the link dropped). */
  private long freeBytes() {
    try {
      return DiskSpace.query(connection, root).freeBytes();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The remote command: the agent, shipped inline, run over the root in the C locale. */
  static String command(String root) {
    return "LC_ALL=C exec perl -e " + Shell.quote(AGENT) + " -- " + Shell.quote(root);
  }

  private void requirePerl(String host) throws IOException {
    String check = "command -v perl >/dev/null 2>&1 && perl -MTime::HiRes -e 'exit(Time::HiRes::d_hires_stat() ? 0 : 1)' "
        + ">/dev/null 2>&1 && echo perl-ok";
    CommandResult result = connection.run(check, Duration.ofSeconds(60), 1024);
    if (!result.stdout().text().strip().equals("perl-ok")) {
      throw SteadyException.refused("apply needs perl (with Time::HiRes sub-second stat) on " + host
          + " to check each file next to it before deleting it; nothing was deleted there. Install perl on " + host
          + " and apply again");
    }
  }

  private static void rethrowCallerFailure(PlanFeed feed, ResultParser parser, RecordWindow window) {
    if (window.stopped() != null) {
      throw window.stopped();
    }
    if (parser.callerFailure() != null) {
      throw parser.callerFailure();
    }
    if (feed.failure() != null) {
      throw feed.failure();
    }
  }

  private static String agent() {
    try (InputStream in = DeleteFiles.class.getResourceAsStream("delete.pl")) {
      if (in == null) {
        throw new IllegalStateException("delete.pl is missing from the steady jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read delete.pl from the steady jar", e);
    }
  }
}
