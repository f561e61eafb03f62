package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.failure.SteadyException;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When a controller writes checkpoints: every ~10 s during long work and at the end, never per append. */
@Timeout(30)
class CheckpointsTest {

  @TempDir Path dir;
  Store store;
  Instant now = Instant.parse("2026-11-24T10:00:00Z");
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  AnchorFile file;
  Checkpoints checkpoints;
  AuditLog log;

  @BeforeEach
  void open() {
    store = Stores.open(dir.resolve("steady.db").toString());
    file = new AnchorFile(dir.resolve("audit-anchor"));
    checkpoints = new Checkpoints(store, file, dir.resolve("audit-anchor.key"), clock, Duration.ofSeconds(10));
    log = new AuditLog(store, "alice@ctl").anchoredBy(checkpoints);
  }

  @AfterEach
  void close() {
    store.close();
  }

  void append(int n, Duration apart) {
    for (int i = 0; i < n; i++) {
      log.append("exec", "web-01", "r-1", Map.of("i", i));
      now = now.plus(apart);
    }
  }

  @Test
  void aThousandQuickAppends_writeNoLine_untilFlushWritesOne() {
    append(1000, Duration.ofMillis(5));

    assertThat(file.read(false).lines()).isEmpty();
    assertThat(checkpoints.flush()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(1000));
    assertThat(checkpoints.flush()).as("nothing appended since").isEmpty();
    assertThat(file.read(false).lines()).singleElement().satisfies(l -> {
      assertThat(l.checkpoint().seq()).isEqualTo(1000);
      assertThat(l.checkpoint().hash()).isEqualTo(store.auditHead().hash());
      assertThat(l.checkpoint().store()).isEqualTo(store.storeId().orElseThrow());
      assertThat(l.signatureVerifies()).isTrue();
    });
  }

  @Test
  void longWork_writesALineAtMostEveryTenSeconds() {
    append(300, Duration.ofMillis(100)); // 30 s of appends

    assertThat(file.read(false).lines()).extracting(l -> l.checkpoint().seq()).containsExactly(101L, 201L);
    checkpoints.flush();
    assertThat(file.read(false).lines()).extracting(l -> l.checkpoint().seq()).containsExactly(101L, 201L, 300L);
  }

  @Test
  void poll_checkpointsTheHeadOnlyWhenItMoved_whoeverAppended() {
    assertThat(checkpoints.poll()).as("an empty log vouches for nothing").isEmpty();
    new AuditLog(store, "console@ctl").append("login", null, null, Map.of());

    assertThat(checkpoints.poll()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(1));
    assertThat(checkpoints.poll()).isEmpty();
    assertThat(file.read(false).lines()).hasSize(1);
  }

  @Test
  void aKeyOpenToOthers_isRefusedWhenOpening_beforeAnyWork() throws Exception {
    Path key = dir.resolve("audit-anchor.key");
    AnchorKey.loadOrCreate(key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> Checkpoints.open(store, file, key));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains(key.toString()).contains("chmod 600");
  }

  @Test
  void aFailedWriteDuringWork_doesNotFailTheAppend_andFlushReportsIt() throws Exception {
    Files.createDirectories(file.path()); // a directory where the file should be: every write fails
    append(300, Duration.ofMillis(100));

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> checkpoints.flush());

    assertThat(store.auditHead().seq()).isEqualTo(300);
    assertThat(e.getMessage()).startsWith("cannot append a checkpoint to anchor file " + file.path());
  }
}
