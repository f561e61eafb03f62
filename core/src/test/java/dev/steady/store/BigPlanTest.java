package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan of a million files is appended, streamed and hashed with a 64 MB heap, losing nothing. How
 * fast is a benchmark's question (bench/store.sh, bench/cleanup.sh), not this test's: a loaded CI
 * machine must not fail it.
 */
@Timeout(90)
class BigPlanTest {

  private static final long ROWS = 1_000_000;

  @TempDir Path dir;

  @Test
  void millionFiles_appendStreamAndHashWithASmallHeap_losingNothing() throws Exception {
    Path log = dir.resolve("worker.log");
    Process worker = new ProcessBuilder(javaBinary(), "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), BigPlanWorker.class.getName(),
        dir.resolve("big.db").toString(), Long.toString(ROWS))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    assertThat(worker.waitFor(80, TimeUnit.SECONDS)).as("worker finished").isTrue();
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(worker.exitValue()).as(output).isZero();

    assertThat(value(output, "streamed_rows")).isEqualTo(ROWS);
    assertThat(value(output, "streamed_bytes")).isEqualTo(value(output, "bytes"));
    assertThat(value(output, "rows")).isEqualTo(ROWS);
  }

  private static long value(String output, String key) {
    Matcher m = Pattern.compile("\\b" + key + "=(\\d+)").matcher(output);
    assertThat(m.find()).as("%s in %s", key, output).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
