package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.failure.SteadyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AnchorKeyTest {

  @TempDir Path dir;

  @Test
  void loadOrCreate_makesAPrivateKeyOnFirstUse_andLoadsTheSameOneAfter() throws Exception {
    Path file = dir.resolve("new-dir/audit-anchor.key");

    AnchorKey made = AnchorKey.loadOrCreate(file);
    AnchorKey again = AnchorKey.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(again.publicKey()).isEqualTo(made.publicKey()).startsWith("MCowBQYDK2VwAyEA");
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void loadOrCreate_fromManyThreadsAtOnce_makesOneKey() throws Exception {
    Path file = dir.resolve("audit-anchor.key");
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<String>> keys = IntStream.range(0, 8)
          .mapToObj(i -> pool.submit(() -> AnchorKey.loadOrCreate(file).publicKey())).toList();
      String first = keys.get(0).get();
      for (Future<String> k : keys) {
        assertThat(k.get()).isEqualTo(first);
      }
    }
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void keyOpenToOthers_isBadInput_namingTheFileAndTheFix() throws Exception {
    Path file = dir.resolve("audit-anchor.key");
    AnchorKey.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    SteadyException load = catchThrowableOfType(SteadyException.class, () -> AnchorKey.loadOrCreate(file));
    SteadyException check = catchThrowableOfType(SteadyException.class, () -> AnchorKey.checkPermissions(file));

    assertThat(load.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(load.getMessage()).isEqualTo("anchor key " + file + " is open to others (mode rw-r--r--); run `chmod 600 " + file
        + "`, or delete it if someone may have copied it (steady makes a new one)");
    assertThat(check.getMessage()).isEqualTo(load.getMessage());
  }

  @Test
  void malformedKey_isBadInput_namingTheFileAndTheFix() throws Exception {
    Path file = dir.resolve("audit-anchor.key");
    Files.writeString(file, "not a key\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> AnchorKey.loadOrCreate(file));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).isEqualTo("anchor key " + file + " is malformed (not the three lines steady writes); move it away"
        + " and steady makes a new one (checkpoints it signed still verify: each line carries its key)");
  }
}
