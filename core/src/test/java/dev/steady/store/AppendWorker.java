package dev.steady.store;

import dev.steady.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate process appending to a store, for the multi-process test: STORE COUNT NAME DIR. It
 * opens the store, writes DIR/NAME.ready, waits for DIR/go, then appends COUNT entries.
 */
public final class AppendWorker {

  private AppendWorker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int count = Integer.parseInt(args[1]);
    Path dir = Path.of(args[3]);
    try (Store store = Stores.open(args[0])) {
      AuditLog log = new AuditLog(store, args[2] + "@test");
      Files.writeString(dir.resolve(args[2] + ".ready"), "");
      while (!Files.exists(dir.resolve("go"))) {
        Thread.sleep(2);
      }
      for (int i = 0; i < count; i++) {
        log.append("exec", args[2], null, Map.of("i", i));
      }
    }
  }
}
