package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.plan.PlannedFile;
import dev.steady.transport.VerifiedConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wall time of ListFiles and DeleteFiles on 100,000 files of an embedded host against plain GNU find
 * on the same tree. Run with {@code -Dsteady.bench=true}; prints one line per measurement.
 */
@Timeout(600)
class CleanupThroughputBench {

  static final int FILES = Integer.getInteger("steady.bench.files", 100_000);

  @TempDir Path dir;

  @Test
  void measure() throws Exception {
    assumeTrue(Boolean.getBoolean("steady.bench"), "benchmark: run with -Dsteady.bench=true");
    try (TestHost web01 = TestHost.start(dir); VerifiedConnection c = web01.connect()) {
      Path root = Files.createDirectories(web01.host.root().resolve("app"));
      make(root);
      long t0 = System.nanoTime();
      Sh.run("find \"$1\" -xdev -type f -name '*.log' -printf 'M%s\\0%T@\\0%i\\0%D\\0%p\\0' > /dev/null", root.toString());
      long findPrintf = System.nanoTime() - t0;

      List<PlannedFile> planned = new ArrayList<>();
      t0 = System.nanoTime();
      Listing l = new ListFiles(c, root.toString(), ListFilesTest.names("*.log"), Instant.now())
          .call(f -> planned.add(new PlannedFile(planned.size() + 1, f)));
      long list = System.nanoTime() - t0;
      assertThat(l.matchedCount()).isEqualTo(FILES);

      t0 = System.nanoTime();
      Outcome o = new DeleteFiles(c, root.toString()).call(planned.iterator(), r -> {});
      long delete = System.nanoTime() - t0;
      assertThat(o.deleted()).isEqualTo(FILES);

      make(root);
      t0 = System.nanoTime();
      Sh.run("find \"$1\" -xdev -type f -name '*.log' -delete", root.toString());
      long findDelete = System.nanoTime() - t0;

      System.out.printf("BENCH files=%d find-printf=%dms ListFiles=%dms find-delete=%dms DeleteFiles=%dms%n", FILES,
          findPrintf / 1_000_000, list / 1_000_000, findDelete / 1_000_000, delete / 1_000_000);
    }
  }

  /** 100 directories of FILES/100 files each (plus one non-matching file per directory). */
  private static void make(Path root) throws Exception {
    Sh.run("cd \"$1\" && for d in $(seq 1 100); do mkdir -p \"dir$d\" && (cd \"dir$d\" && seq 1 " + (FILES / 100)
        + " | sed 's/$/.log/' | xargs touch && touch keep.txt); done", root.toString());
  }
}
