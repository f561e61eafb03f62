package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Local shell and file helpers for building trees the way an application on the host would. */
final class Sh {

  private Sh() {}

  /** Runs {@code script} with /bin/sh, positional parameters {@code args}; returns stdout, fails on a non-zero exit. */
  static String run(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("sh failed: " + script + "\n" + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A file of {@code size} bytes with mtime {@code epochSeconds}. */
  static Path file(Path path, int size, long epochSeconds) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, new byte[size]);
    Files.setLastModifiedTime(path, FileTime.from(epochSeconds, TimeUnit.SECONDS));
    return path;
  }

  /** The identity a plan would hold for {@code path} (ASCII paths only: Java's file names are text). */
  static FileEntry entry(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ino,dev", LinkOption.NOFOLLOW_LINKS);
    long nanos = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
    return new FileEntry(path.toString().getBytes(StandardCharsets.UTF_8), (Long) a.get("size"), nanos, (Long) a.get("ino"),
        (Long) a.get("dev"));
  }

  static String text(byte[] path) {
    return new String(path, StandardCharsets.UTF_8);
  }

  /** Remote epoch seconds, as the host's `date +%s` says (embedded hosts share this machine's clock). */
  static long now() throws IOException {
    return Long.parseLong(run("date +%s").strip());
  }
}
