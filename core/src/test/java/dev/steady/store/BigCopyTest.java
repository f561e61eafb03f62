package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code store copy} streams: a plan of 300,000 files is copied by a process with a 32 MB heap. */
@Timeout(120)
class BigCopyTest extends StoreTestBase {

  private static final long ROWS = 300_000;

  @Test
  void bigPlan_isCopiedWithASmallHeap_everyFileThere() throws Exception {
    Path log = dir.resolve("worker.log");
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), BigCopyWorker.class.getName(),
        dir.resolve("source.db").toString(), storeUrl("target.db"), Long.toString(ROWS))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(worker.waitFor(110, TimeUnit.SECONDS)).as("worker finished").isTrue();
    String output = Files.readString(log);
    System.out.println(output);

    assertThat(worker.exitValue()).as(output).isZero();
    assertThat(output).contains("copied_files=" + ROWS + " streamed_files=" + ROWS);
  }
}
