package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.failure.SteadyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AnchorFileTest {

  @TempDir Path dir;

  AnchorLine line(String store, long seq) {
    return AnchorLine.sign(new Checkpoint(store, seq, "%064x".formatted(seq), Instant.now()),
        AnchorKey.loadOrCreate(dir.resolve("anchor.key")));
  }

  @Test
  void append_makesTheFileReadableByOthersNotWritable_andReadGivesTheLinesNumbered() throws Exception {
    AnchorFile file = new AnchorFile(dir.resolve("sub/audit-anchor"));
    file.append(line("s1", 3));
    Files.writeString(file.path(), "# copied from ticket OPS-12\n\n", java.nio.file.StandardOpenOption.APPEND);
    file.append(line("s2", 9));

    Anchors anchors = file.read(true);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-r--r--");
    assertThat(anchors.lines()).extracting(AnchorLine::number).containsExactly(1, 4);
    assertThat(anchors.of("s2")).singleElement().satisfies(l -> assertThat(l.checkpoint().seq()).isEqualTo(9));
  }

  @Test
  void read_ofAMissingFile_isEmpty_unlessTheUserNamedIt() {
    AnchorFile file = new AnchorFile(dir.resolve("none"));

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> file.read(true));

    assertThat(file.read(false).lines()).isEmpty();
    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).isEqualTo("anchor file " + file.path() + " does not exist; check --anchor");
  }

  @Test
  void read_ofAMalformedLine_isBadInput_namingFileLineAndFix() throws Exception {
    AnchorFile file = new AnchorFile(dir.resolve("audit-anchor"));
    file.append(line("s1", 1));
    Files.writeString(file.path(), "{\"seq\":2}\n", java.nio.file.StandardOpenOption.APPEND);

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> file.read(false));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).isEqualTo("anchor file " + file.path() + " line 2 is not a checkpoint (fields [seq] are not"
        + " exactly [at, hash, key, seq, sig, store]); fix or delete that line (each line is one `steady audit head --json`"
        + " output)");
  }

  @Test
  void append_fromSeveralProcessesAtOnce_neverInterleavesLines() throws Exception {
    Path anchor = dir.resolve("audit-anchor");
    Path key = dir.resolve("anchor.key");
    AnchorKey.loadOrCreate(key);
    List<Process> workers = new ArrayList<>();
    List<String> stores = List.of("p1", "p2", "p3");
    for (String store : stores) {
      workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), AnchorWriteWorker.class.getName(), anchor.toString(), key.toString(), store,
          "300", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(store + ".log").toFile()).start());
    }
    try {
      for (String store : stores) {
        while (!Files.exists(dir.resolve(store + ".ready"))) {
          Thread.sleep(10);
        }
      }
      Files.writeString(dir.resolve("go"), "");
      for (Process p : workers) {
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
    } finally {
      workers.forEach(Process::destroyForcibly);
    }

    Anchors anchors = new AnchorFile(anchor).read(true);

    assertThat(anchors.lines()).hasSize(900).allMatch(AnchorLine::signatureVerifies);
    for (String store : stores) {
      assertThat(anchors.of(store)).extracting(l -> l.checkpoint().seq())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
    }
  }
}
