package dev.steady.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate steady process appending checkpoints to a shared anchor file, for the multi-process
 * test: FILE KEY STORE COUNT DIR. It loads the key, writes DIR/STORE.ready, waits for DIR/go, then
 * appends COUNT signed lines for store STORE, entries 1..COUNT.
 */
public final class AnchorWriteWorker {

  private AnchorWriteWorker() {}

  public static void main(String[] args) throws Exception {
    AnchorFile file = new AnchorFile(Path.of(args[0]));
    AnchorKey key = AnchorKey.loadOrCreate(Path.of(args[1]));
    int count = Integer.parseInt(args[3]);
    Path dir = Path.of(args[4]);
    Files.writeString(dir.resolve(args[2] + ".ready"), "");
    while (!Files.exists(dir.resolve("go"))) {
      Thread.sleep(2);
    }
    for (int seq = 1; seq <= count; seq++) {
      file.append(AnchorLine.sign(new Checkpoint(args[2], seq, "%064x".formatted(seq), Instant.now()), key));
    }
  }
}
