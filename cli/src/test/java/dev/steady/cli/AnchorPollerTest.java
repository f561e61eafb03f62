package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AnchorFile;
import dev.steady.audit.AuditLog;
import dev.steady.audit.Checkpoints;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console's checkpoints: whatever was appended through its many logs is checkpointed when it stops. */
@Timeout(30)
class AnchorPollerTest {

  @TempDir Path dir;

  @Test
  void stopping_checkpointsWhatTheConsoleAppended() {
    AnchorFile file = new AnchorFile(dir.resolve("audit-anchor"));
    try (Store store = Stores.open(dir.resolve("steady.db").toString())) {
      AnchorPoller poller = new AnchorPoller(Checkpoints.open(store, file, dir.resolve("audit-anchor.key")), System.err);
      new AuditLog(store, "alice@console").append("login", null, null, Map.of());
      new AuditLog(store, "bob@console").append("login", null, null, Map.of());

      poller.close();

      assertThat(file.read(true).lines()).singleElement().satisfies(l -> assertThat(l.checkpoint().seq()).isEqualTo(2));
    }
  }

  @Test
  void aCheckpointThatCannotBeWritten_isOneWarningLine_notAFailure() throws Exception {
    AnchorFile file = new AnchorFile(Files.createDirectory(dir.resolve("audit-anchor")));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (Store store = Stores.open(dir.resolve("steady.db").toString())) {
      AnchorPoller poller = new AnchorPoller(Checkpoints.open(store, file, dir.resolve("audit-anchor.key")),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      new AuditLog(store, "alice@console").append("login", null, null, Map.of());

      poller.close();
    }

    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("steady: warning: no checkpoint of the audit log was written:"
        + " cannot append a checkpoint to anchor file " + file.path()).hasLineCount(1);
  }
}
