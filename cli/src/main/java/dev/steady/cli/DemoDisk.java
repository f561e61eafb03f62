package dev.steady.cli;

import dev.steady.fleet.EmbeddedHost;
import dev.steady.fleet.PrivateDisk;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The demo's first outage: the log disk of one host is full. As root, that host gets a disk of its
 * own at {@code /var/log} (a 64 MiB tmpfs only its commands see), 95 % full of real log files, so the
 * review's "free now" and "free after" tell the story. Otherwise the logs are sparse files in the
 * host's directory on this machine's disk, and {@link #note()} says so.
 */
final class DemoDisk implements AutoCloseable {

  static final long SIZE = 64L * 1024 * 1024;
  static final int DAYS = 60;
  static final int LARGE_DAYS = 14;
  private static final String[] KINDS = {"app", "access"};
  private static final double FILL = 0.95;
  private static final long PAGE = 4096;

  private final PrivateDisk disk;
  private final String logs;
  private final String minSize;
  private final String note;

  private DemoDisk(PrivateDisk disk, String logs, String minSize, String note) {
    this.disk = disk;
    this.logs = logs;
    this.minSize = minSize;
    this.note = note;
  }

  /** Stages the full disk on {@code host}: a private nearly full one where possible, else sparse files. */
  static DemoDisk stage(EmbeddedHost host, Instant now) throws IOException {
    PrivateDisk disk;
    try {
      disk = PrivateDisk.mount(host, "/var/log", SIZE);
    } catch (PrivateDisk.Unavailable e) {
      Path logs = Files.createDirectories(host.root().resolve("var/log/app"));
      writeSparseLogs(logs, now);
      return new DemoDisk(null, logs.toString(), "100M", "note: " + host.name() + "'s disk is not really full in this demo: "
          + e.getMessage() + ". Its large logs are sparse files under " + logs + ", so the free space shown is this"
          + " machine's. As root, the demo gives " + host.name() + " a 64 MiB disk at /var/log, 95 % full of real logs.");
    }
    try {
      writeRealLogs(Files.createDirectories(disk.resolve("/var/log/app")), now);
    } catch (IOException | RuntimeException e) {
      disk.close();
      throw e;
    }
    return new DemoDisk(disk, "/var/log/app", "1M", "");
  }

  /** The log directory as the host sees it: what {@code cleanup plan --path} takes. */
  String logs() {
    return logs;
  }

  /** The {@code --min-size} that selects the two weeks of large logs and nothing else. */
  String minSize() {
    return minSize;
  }

  /** Empty when the disk is really nearly full, else why it is not (printed by the demo). */
  String note() {
    return note;
  }

  /** What the demo's instructions say about the disk. */
  String describe() {
    return disk == null ? "two weeks of large logs must go (backups have them)"
        : "/var/log is a 64 MiB disk, 95 % full; the last two weeks of large logs must go (backups have them)\n"
            + "  #   (a tmpfs only it sees, in the mount namespace of process " + disk.holderPid() + ": `nsenter -t "
            + disk.holderPid() + " -m df -h /var/log`)";
  }

  /** Unmounts the private disk (nothing to do for sparse files: they go with the demo directory). */
  @Override
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }

  /** Two logs a day for {@link #DAYS} days: small ones, and large ones for the last {@link #LARGE_DAYS} filling the disk. */
  private static void writeRealLogs(Path logs, Instant now) throws IOException {
    long small = 20 * 1024;
    long smallPages = (DAYS - LARGE_DAYS) * KINDS.length * pages(small + DAYS * 64L);
    long large = ((long) (SIZE * FILL) - smallPages) / (LARGE_DAYS * KINDS.length) / PAGE * PAGE;
    for (int day = 0; day < DAYS; day++) {
      for (String kind : KINDS) {
        Path file = logs.resolve(String.format(Locale.ROOT, "%s-%02d.log", kind, day));
        Instant at = now.minus(Duration.ofDays(day)).minusSeconds(3600);
        writeLog(file, kind, at, day < LARGE_DAYS ? large - day * PAGE / 4 : small + day * 64L);
        Files.setLastModifiedTime(file, FileTime.from(at));
      }
    }
  }

  private static long pages(long bytes) {
    return (bytes + PAGE - 1) / PAGE * PAGE;
  }

  /** {@code size} bytes of log lines of that day; one block of distinct lines, repeated. */
  private static void writeLog(Path file, String kind, Instant day, long size) throws IOException {
    byte[] block = logLines(kind, day).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }

  private static String logLines(String kind, Instant day) {
    DateTimeFormatter clock = DateTimeFormatter.ISO_INSTANT;
    DateTimeFormatter clf = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; lines.length() < 64 * 1024; i++) {
      Instant at = day.minusSeconds(86_000 - i * 7L);
      int order = 40_000 + i;
      if (kind.equals("app")) {
        lines.append(clock.format(at)).append(i % 29 == 0 ? " WARN  " : " INFO  ").append("[worker-").append(i % 8)
            .append("] myapp.orders: order ").append(order).append(i % 29 == 0 ? " retried after a timeout" : " accepted")
            .append(" in ").append(17 + i % 61).append(" ms\n");
      } else {
        lines.append("10.0.").append(i % 7).append('.').append(20 + i % 200).append(" - - [").append(clf.format(at))
            .append("] \"GET /api/orders/").append(order).append(" HTTP/1.1\" ").append(i % 53 == 0 ? 503 : 200)
            .append(' ').append(400 + i % 300).append(" \"-\" \"myapp-client/2.4\"\n");
      }
    }
    return lines.toString();
  }

  /** Without a disk of its own: 700 MB sparse files for the last two weeks, small ones before. */
  private static void writeSparseLogs(Path logs, Instant now) throws IOException {
    for (int day = 0; day < DAYS; day++) {
      for (String kind : KINDS) {
        Path file = logs.resolve(String.format(Locale.ROOT, "%s-%02d.log", kind, day));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
          f.setLength(day < LARGE_DAYS ? 700L * 1024 * 1024 + day * 4096L : 2L * 1024 * 1024 + day);
        }
        Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofDays(day)).minusSeconds(3600)));
      }
    }
  }
}
