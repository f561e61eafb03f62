package dev.steady.bench;

import dev.steady.account.Accounts;
import dev.steady.account.Role;
import dev.steady.audit.AuditLog;
import dev.steady.plan.Criteria;
import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds a store with one sealed cleanup plan of N files on one host, as the planner would store
 * it (streamed in batches, id computed over the files), for the console's plan-page benchmark.
 * Prints {@code PLAN <id> <token>}. With {@code SEED_USER=name:password} in the environment it also
 * adds that console account (viewer), so the benchmark can log in.
 *
 * <pre>java -cp bench/target/classes:cli/target/steady.jar dev.steady.bench.SeedPlan STORE FILES [HOST]</pre>
 */
public final class SeedPlan {

  private SeedPlan() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: SeedPlan STORE FILES [HOST]");
      System.exit(2);
    }
    String host = args.length > 2 ? args[2] : "host-001";
    long files = Long.parseLong(args[1]);
    Instant now = Instant.now();
    try (Store store = Stores.open(args[0])) {
      long draft = store.createDraft();
      List<FileEntry> batch = new ArrayList<>();
      long bytes = 0;
      for (long i = 0; i < files; i++) {
        long size = 100L * 1024 * 1024 + i;
        bytes += size;
        String path = String.format("/srv/app/logs/%03d/app-%07d.log", i % 1000, i);
        batch.add(new FileEntry(path.getBytes(StandardCharsets.UTF_8), size, now.minus(Duration.ofDays(1)).toEpochMilli() * 1_000_000L - i,
            1_000_000 + i, 2049));
        if (batch.size() == 10_000) {
          store.appendFiles(draft, host, batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        store.appendFiles(draft, host, batch);
      }
      Criteria criteria = new Criteria(null, Duration.ofDays(14), 100L * 1024 * 1024, null, List.of(), List.of(), null, null, null, null, false, false);
      HostPlan hostPlan = new HostPlan(host, "/srv/app/logs", files, bytes, files * 2, 10L << 30, 100L << 30,
          now.minus(Duration.ofDays(13)).toEpochMilli() * 1_000_000L, now.toEpochMilli() * 1_000_000L, List.of(), List.of(), Map.of(),
          Map.of(), List.of());
      Plan header = new Plan(null, null, now, now.plus(Duration.ofHours(1)), "bench@localhost", host, criteria, List.of(),
          List.of(hostPlan), files, bytes);
      Plan plan = header.withId(PlanJson.id(header, store, draft), "BENCH1");
      store.sealDraft(draft, plan);
      String seedUser = System.getenv("SEED_USER");
      if (seedUser != null && seedUser.contains(":")) {
        new Accounts(store, new AuditLog(store, "bench@localhost"))
            .add(seedUser.substring(0, seedUser.indexOf(':')), Role.VIEWER, seedUser.substring(seedUser.indexOf(':') + 1).toCharArray());
      }
      System.out.println("PLAN " + plan.id() + " " + plan.confirmToken());
    }
  }
}
