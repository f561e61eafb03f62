package dev.steady.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate process claiming a plan, for the race test: STORE PLAN RUN DIR. It opens the store,
 * writes DIR/RUN.ready, waits for DIR/go, claims, and writes true or false to DIR/RUN.result.
 */
public final class ClaimWorker {

  private ClaimWorker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args[3]);
    try (Store store = Stores.open(args[0])) {
      Files.writeString(dir.resolve(args[2] + ".ready"), "");
      awaitGo(dir);
      boolean claimed = store.claimForApply(args[1], args[2], Instant.now());
      Files.writeString(dir.resolve(args[2] + ".result"), Boolean.toString(claimed));
    }
  }

  static void awaitGo(Path dir) throws InterruptedException {
    while (!Files.exists(dir.resolve("go"))) {
      Thread.sleep(1);
    }
  }
}
