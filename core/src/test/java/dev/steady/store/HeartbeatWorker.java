package dev.steady.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A controller holding leases, for the lease expiry test: STORE RUN USER HOSTS DIR. It acquires
 * HOSTS (comma-separated) for RUN, writes DIR/RUN.ready, then heartbeats (fenced) every 100 ms
 * until it is killed, as a controller does until it crashes.
 */
public final class HeartbeatWorker {

  private HeartbeatWorker() {}

  public static void main(String[] args) throws Exception {
    String run = args[1];
    List<String> hosts = List.of(args[3].split(","));
    try (Store store = Stores.open(args[0])) {
      Instant last = Instant.now();
      if (!store.acquireLeases(run, args[2], hosts, last).isEmpty()) {
        throw new IllegalStateException("hosts already leased");
      }
      Files.writeString(Path.of(args[4]).resolve(run + ".ready"), "");
      while (true) {
        Thread.sleep(100);
        Instant now = Instant.now();
        if (store.heartbeat(run, last, now) != hosts.size()) {
          throw new IllegalStateException("lost the leases of " + run);
        }
        last = now;
      }
    }
  }
}
