package dev.steady.bench;

import dev.steady.audit.AuditLog;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Store throughput for bench/store.sh, through the same {@link Store} the engine uses. Prints one
 * {@code key=value} line per measure.
 *
 * <pre>
 *   rows URL HOSTS THREADS      one restart run of HOSTS rows: per row the 5 durable transitions
 *                               of a restart row, then again with the 4 audit appends a row makes
 *   audit URL WRITERS N         WRITERS processes append N entries each; then audit verify
 *   append URL N                (a writer process of `audit`)
 *   pg-create ADMIN_URL         creates a database, prints its URL
 *   pg-drop URL ADMIN_URL       drops it
 * </pre>
 */
public final class StoreBench {

  private static final List<RowState> RESTART_ROW =
      List.of(RowState.CONNECTING, RowState.IDENTIFIED, RowState.ACTING, RowState.VERIFYING, RowState.DONE);

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "rows" -> rows(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "audit" -> audit(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "append" -> append(args[1], Integer.parseInt(args[2]));
      case "pg-create" -> System.out.println(pgCreate(args[1]));
      case "pg-drop" -> pgDrop(args[1], args[2]);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void rows(String url, int hosts, int threads) throws Exception {
    try (Store store = Stores.open(url)) {
      for (boolean withAudit : List.of(false, true)) {
        String run = "r-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<RunRow> rows = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
          rows.add(new RunRow(run, String.format("host-%04d", i), "restart", i, RowState.PENDING, null, null, null, 0, null));
        }
        store.createRun(new RunInfo(run, "restart", "running", false, "bench@store", "all", Instant.now(), null, "{}"), rows);
        // The engine's writes are fenced by its lease epoch: hold the hosts as a controller does.
        Instant epoch = Instant.now();
        if (!store.acquireLeases(run, "bench@store", rows.stream().map(RunRow::host).toList(), epoch).isEmpty()) {
          throw new IllegalStateException("a fresh store has leases already");
        }
        AuditLog audit = new AuditLog(store, "bench@store");
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
              for (int i = next.getAndIncrement(); i < hosts; i = next.getAndIncrement()) {
                row(store, audit, run, rows.get(i).host(), epoch, withAudit);
              }
              return null;
            }));
          }
          for (Future<?> f : done) {
            f.get();
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long transitions = (long) hosts * RESTART_ROW.size();
        System.out.printf("measure=%s threads=%d rows=%d transitions=%d seconds=%.3f transitions_per_s=%.0f rows_per_s=%.0f%n",
            withAudit ? "row_bookkeeping" : "transitions", threads, hosts, transitions, seconds, transitions / seconds,
            hosts / seconds);
        store.finishRun(run, "done", true, Instant.now());
        store.releaseLeases(run);
      }
    }
  }

  /** A restart row's writes, in the engine's order, fenced by the lease epoch as the engine fences them. */
  private static void row(Store store, AuditLog audit, String run, String host, Instant epoch, boolean withAudit) {
    for (RowState state : RESTART_ROW) {
      if (!store.transition(run, host, "restart", state, state == RowState.DONE ? 0 : null, state.name().toLowerCase(),
          state == RowState.ACTING, Instant.now(), epoch)) {
        throw new IllegalStateException("the fence refused a transition of " + host + " although the bench holds its lease");
      }
      if (withAudit && state != RowState.CONNECTING) {
        audit.append(switch (state) {
          case IDENTIFIED -> "identity";
          case ACTING -> "run.action";
          case VERIFYING -> "run.result";
          default -> "run.verify";
        }, host, run, Map.of("step", "restart"));
      }
    }
  }

  private static void audit(String url, int writers, int each) throws Exception {
    Stores.open(url).close(); // migrated before the writers start
    List<Process> children = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < writers; i++) {
      children.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          StoreBench.class.getName(), "append", url, Integer.toString(each)).redirectErrorStream(true).start());
    }
    long first = Long.MAX_VALUE;
    long last = 0;
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException("a writer failed: " + out);
      }
      String[] lines = out.strip().split("\n");
      String[] times = lines[lines.length - 1].strip().split(" ");
      first = Math.min(first, Long.parseLong(times[0]));
      last = Math.max(last, Long.parseLong(times[1]));
    }
    try (Store store = Stores.open(url)) {
      boolean ok = new AuditLog(store, "bench@store").verify().ok();
      long entries = store.auditHead().seq();
      double seconds = (last - first) / 1e3;
      System.out.printf("measure=audit_appends writers=%d entries=%d verify_ok=%s seconds=%.3f appends_per_s=%.0f%n", writers,
          entries, ok, seconds, writers * (double) each / seconds);
    }
  }

  /** Prints the wall-clock span of its appends (after the JVM and the store are up). */
  private static void append(String url, int n) {
    try (Store store = Stores.open(url)) {
      AuditLog audit = new AuditLog(store, "writer-" + ProcessHandle.current().pid() + "@bench");
      long start = System.currentTimeMillis();
      for (int i = 0; i < n; i++) {
        audit.append("bench.append", "host-" + (i % 100), null, Map.of("i", i));
      }
      System.out.println(start + " " + System.currentTimeMillis());
    }
  }

  private static String pgCreate(String admin) throws Exception {
    String name = "steady_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    int q = admin.indexOf('?');
    String base = q < 0 ? admin : admin.substring(0, q);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + (q < 0 ? "" : admin.substring(q));
  }

  private static void pgDrop(String url, String admin) throws Exception {
    String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + base.substring(base.lastIndexOf('/') + 1) + " WITH (FORCE)");
    }
  }
}
