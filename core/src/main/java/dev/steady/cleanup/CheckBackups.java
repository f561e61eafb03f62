package dev.steady.cleanup;

import dev.steady.failure.SteadyException;
import dev.steady.plan.FileEntry;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code --require-backup DIR}: on the host, checks that each planned file has a copy of equal size
 * (and equal SHA-256 with verify) at DIR/&lt;its path relative to the root&gt;. Files without one are
 * kept out of the plan and listed, so only what backups can restore is deleted.
 */
public final class CheckBackups {

  /** A file and whether it may stay in the plan. */
  public record Checked(FileEntry file, boolean backedUp, String reason) {}

  private static final String SCRIPT = script();
  private final VerifiedConnection connection;
  private final String root;
  private final String backupDir;
  private final boolean verifyChecksum;

  public CheckBackups(VerifiedConnection connection, String root, String backupDir, boolean verifyChecksum) {
    if (backupDir == null || !backupDir.startsWith("/")) {
      throw SteadyException.badInput("--require-backup must be an absolute directory, got '" + backupDir + "'");
    }
    this.connection = connection;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.backupDir = backupDir;
    this.verifyChecksum = verifyChecksum;
  }

  /** Streams {@code files} through the host-side check; {@code each} gets every file with its verdict, in order. */
  public void call(Iterator<FileEntry> files, java.util.function.Consumer<Checked> each) throws IOException {
    String host = connection.host().name();
    CommandResult probe = connection.run("test -d " + Shell.quote(backupDir) + " && command -v perl >/dev/null && echo ok",
        Duration.ofSeconds(30), 64);
    if (!new String(probe.stdout().head(), StandardCharsets.UTF_8).strip().equals("ok")) {
      throw SteadyException.refused("--require-backup " + backupDir + ": not a directory on " + host
          + " (or perl is missing there); nothing was planned; point it at the backup copy of " + root);
    }
    ConcurrentLinkedQueue<FileEntry> inFlight = new ConcurrentLinkedQueue<>();
    String command = "LC_ALL=C exec perl -e " + Shell.quote(SCRIPT) + " -- " + Shell.quote(backupDir) + (verifyChecksum ? " 1" : " 0");
    CommandResult result = connection.stream(command, new Records(files, inFlight), new Answers(inFlight, each, host),
        Duration.ofHours(6), 4096);
    if (!result.succeeded()) {
      throw new IOException(host + ": backup check failed with status " + result.exitStatus() + ": " + result.stderr().text().strip());
    }
    if (!inFlight.isEmpty()) {
      throw new IOException(host + ": backup check answered for fewer files than it was given");
    }
  }

  private static String script() {
    try (InputStream in = CheckBackups.class.getResourceAsStream("backups.pl")) {
      if (in == null) {
        throw new IllegalStateException("backups.pl is missing from the steady jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read backups.pl from the steady jar", e);
    }
  }

  /** Feeds records {@code size\0abs\0rel\0} pulled from the iterator. */
  private final class Records extends InputStream {
    private final Iterator<FileEntry> files;
    private final ConcurrentLinkedQueue<FileEntry> inFlight;
    private byte[] current = new byte[0];
    private int pos;

    Records(Iterator<FileEntry> files, ConcurrentLinkedQueue<FileEntry> inFlight) {
      this.files = files;
      this.inFlight = inFlight;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      while (pos == current.length) {
        if (!files.hasNext()) {
          return -1;
        }
        FileEntry file = files.next();
        inFlight.add(file);
        current = record(file);
        pos = 0;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    private byte[] record(FileEntry file) {
      byte[] path = file.path();
      byte[] prefix = (root + "/").getBytes(StandardCharsets.UTF_8);
      if (path.length <= prefix.length || !Arrays.equals(Arrays.copyOf(path, prefix.length), prefix)) {
        throw new IllegalStateException("planned file " + file.displayPath() + " is not under " + root);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(path.length * 2 + 24);
      out.writeBytes((file.size() + "\0").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(path);
      out.write(0);
      out.write(path, prefix.length, path.length - prefix.length);
      out.write(0);
      return out.toByteArray();
    }
  }

  /** Parses answers {@code K\0} / {@code N<reason>\0} and pairs them with the files in flight. */
  private static final class Answers extends OutputStream {
    private final ConcurrentLinkedQueue<FileEntry> inFlight;
    private final java.util.function.Consumer<Checked> each;
    private final String host;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();

    Answers(ConcurrentLinkedQueue<FileEntry> inFlight, java.util.function.Consumer<Checked> each, String host) {
      this.inFlight = inFlight;
      this.each = each;
      this.host = host;
    }

    @Override
    public void write(int b) throws IOException {
      if (b != 0) {
        field.write(b);
        return;
      }
      String answer = field.toString(StandardCharsets.UTF_8);
      field.reset();
      FileEntry file = inFlight.poll();
      if (file == null || answer.isEmpty()) {
        throw new IOException(host + ": backup check sent an answer for no file");
      }
      try {
        each.accept(new Checked(file, answer.charAt(0) == 'K', answer.charAt(0) == 'K' ? null : answer.substring(1)));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }
}
