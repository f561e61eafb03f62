package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code steady demo} starts a usable fleet, tells the user how to use it, and leaves nothing behind. */
@Timeout(60)
class DemoCommandTest {

  @Test
  void demo_printsWorkingCommands_andRemovesItsDirectoryWhenDone() throws Exception {
    Thread[] demo = new Thread[1];
    Cli.Result[] result = new Cli.Result[1];
    demo[0] = Thread.ofPlatform().start(() -> result[0] = Cli.run("demo", "--hosts", "3", "--exit-after", "1s"));
    demo[0].join();

    assertThat(result[0].status()).as(result[0].toString()).isZero();
    assertThat(result[0].out()).contains("3 embedded SSH hosts are up").contains("inventory check all").contains("exec all -- uptime");
    Matcher dir = Pattern.compile("directory (\\S+)\\)").matcher(result[0].out());
    assertThat(dir.find()).isTrue();
    assertThat(Files.exists(Path.of(dir.group(1)))).isFalse();
  }
}
