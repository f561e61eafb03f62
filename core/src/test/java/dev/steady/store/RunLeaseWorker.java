package dev.steady.store;

import dev.steady.run.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A separate process taking leases, for the lease race test: STORE NAME ROUNDS DIR. It opens the
 * store, writes DIR/NAME.ready, then for each round r waits for DIR/go-r, reads the hosts it
 * wants from DIR/NAME.r.hosts (comma-separated), acquires them for run NAME-r and writes the
 * outcome to DIR/NAME.r.result ({@link #outcome}).
 */
public final class RunLeaseWorker {

  private RunLeaseWorker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String name = args[1];
    int rounds = Integer.parseInt(args[2]);
    Path dir = Path.of(args[3]);
    try (Store store = Stores.open(args[0])) {
      Files.writeString(dir.resolve(name + ".ready"), "");
      for (int round = 0; round < rounds; round++) {
        await(dir.resolve("go-" + round));
        List<String> hosts =
            List.of(Files.readString(dir.resolve(name + "." + round + ".hosts")).split(","));
        String outcome = outcome(store.acquireLeases(name + "-" + round, name, hosts,
            Instant.now()));
        Path result = dir.resolve(name + "." + round + ".result");
        Path partial = dir.resolve(name + "." + round + ".tmp");
        Files.writeString(partial, outcome);
        Files.move(partial, result);
      }
    }
  }

  /** "won", or "refused HOST=RUN/USER ...". */
  static String outcome(List<Lease> conflicts) {
    return conflicts.isEmpty() ? "won" : "refused " + conflicts.stream()
        .map(l -> l.host() + "=" + l.run() + "/" + l.user()).collect(Collectors.joining(" "));
  }

  /** Waits for {@code file}; a worker whose test has gone away gives up after a minute. */
  static void await(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(file + " did not appear within a minute");
      }
      Thread.sleep(1);
    }
  }
}
