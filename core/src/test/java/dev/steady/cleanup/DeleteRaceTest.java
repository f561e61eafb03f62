package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.plan.FileEntry;
import dev.steady.plan.PlannedFile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 3 under a race during apply, driven record by record against the real agent: a
 * directory the agent already verified and works in is swapped for a symlink (to its own moved
 * copy, outside the root) between two files of that directory. The second file must be reported
 * drifted and left alone, not deleted through the link. (A regression test: an earlier agent
 * re-checked the directory with an lstat of its absolute path, which follows symlinks in every
 * component but the last.)
 */
@Timeout(60)
class DeleteRaceTest {

  @TempDir Path dir;

  static PlannedFile planned(long seq, Path p) throws Exception {
    var attrs = Files.readAttributes(p, "unix:size,ino,dev", LinkOption.NOFOLLOW_LINKS);
    long mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
    return new PlannedFile(seq, new FileEntry(p.toString().getBytes(StandardCharsets.UTF_8), (Long) attrs.get("size"), mtime,
        (Long) attrs.get("ino"), (Long) attrs.get("dev")));
  }

  static String agent() throws Exception {
    try (InputStream in = DeleteFiles.class.getResourceAsStream("delete.pl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Reads one answer: {@code seq\0D\0}, or {@code seq\0S\0reason\0} / {@code seq\0F\0reason\0}. */
  static String answer(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int nuls = 0;
    int wanted = 2;
    for (int b; (b = in.read()) >= 0; ) {
      bytes.write(b);
      if (b == 0 && ++nuls == 2) {
        String soFar = bytes.toString(StandardCharsets.UTF_8);
        wanted = soFar.endsWith("\0D\0") ? 2 : 3;
      }
      if (nuls == wanted) {
        break;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8).replace('\0', '|');
  }

  @Test
  void agent_reportsDriftWhenItsVerifiedDirectoryBecomesASymlinkBetweenTwoFiles() throws Exception {
    Path root = Files.createDirectories(dir.resolve("r"));
    Path outside = Files.createDirectories(dir.resolve("o"));
    Path b = Files.createDirectories(root.resolve("A/B"));
    PlannedFile one = planned(0, Files.writeString(b.resolve("one"), "x"));
    PlannedFile two = planned(1, Files.writeString(b.resolve("two"), "y"));
    Process agent = new ProcessBuilder("perl", "-e", agent(), "--", root.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    OutputStream in = agent.getOutputStream();
    try (InputStream out = agent.getInputStream()) {
      in.write(PlanFeed.encode(one));
      in.flush();
      assertThat(answer(out)).isEqualTo("0|D|");

      Files.move(root.resolve("A"), outside.resolve("A"));
      Files.createSymbolicLink(root.resolve("A"), outside.resolve("A"));
      in.write(PlanFeed.encode(two));
      in.close();

      assertThat(answer(out)).startsWith("1|S|").contains("symbolic link");
    } finally {
      agent.destroyForcibly();
    }
    assertThat(outside.resolve("A/B/two")).exists();
    assertThat(outside.resolve("A/B/one")).doesNotExist();
  }
}
