package dev.steady.plan;

import dev.steady.cleanup.Applier;
import dev.steady.cleanup.Planner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Plan → apply end to end on real embedded hosts: exactness, drift, single use, expiry, resume. */
@Timeout(90)
class CleanupFlowTest {

  static final List<String> NAMES = List.of("web-01", "web-02");
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  Store store;
  AuditLog audit;
  FleetTransport transport;
  Instant now = Instant.now();

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    Files.write(work.resolve("known_hosts"), fleet.hosts().stream().map(EmbeddedHost::knownHostsLine).toList());
    transport = new FleetTransport(KnownHosts.load(work.resolve("known_hosts")), new TransportOptions(Duration.ofSeconds(5), null));
    store = Stores.open(work.resolve("steady.db").toString());
    audit = new AuditLog(store, "tester@test");
    for (EmbeddedHost h : fleet.hosts()) {
      Path logs = logs(h);
      if (Files.exists(logs)) {
        try (var s = Files.walk(logs)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(logs);
      for (int day = 0; day < 30; day++) {
        file(h, "app-" + day + ".log", 1000 + day, now.minus(Duration.ofDays(day)).minusSeconds(60));
      }
    }
  }

  @AfterEach
  void tearDown() {
    transport.close();
    store.close();
  }

  static Path logs(EmbeddedHost h) {
    return h.root().resolve("logs");
  }

  static Path file(EmbeddedHost h, String name, int size, Instant mtime) throws Exception {
    Path p = logs(h).resolve(name);
    Files.write(p, new byte[size]);
    Files.setLastModifiedTime(p, FileTime.from(mtime));
    return p;
  }

  List<Host> hosts() {
    return fleet.hosts().stream().map(t -> new Host(t.name(), t.address(), t.port(), t.user(), fleet.clientKey().toString(),
        List.of("web"), Map.of(), "production", null, null, "test")).toList();
  }

  Optional<Host> inventory(String name) {
    return hosts().stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** Every host must have the same root path: embedded hosts don't, so plan one host at a time. */
  Plan plan(String host, Criteria criteria) {
    Host h = inventory(host).orElseThrow();
    return new Planner(transport, store, audit, Clock.systemUTC(), "tester@test")
        .plan(new PlanRequest(host, List.of(h), logs(fleet.host(host)).toString(), criteria, Duration.ofHours(1), 4), new PlanListener() {});
  }

  Applier applier(Clock clock) {
    return new Applier(transport, store, audit, clock, this::inventory);
  }

  ApplyReport apply(Plan plan) {
    return applier(Clock.systemUTC()).apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 4), new ApplyListener() {});
  }

  static Criteria olderThan(Duration d) {
    return new Criteria(d, null, null, null, List.of(), List.of(), null, null, null, null, false, false);
  }

  @Test
  void apply_deletesExactlyThePlannedFiles_andNothingElse() throws Exception {
    EmbeddedHost web = fleet.host("web-01");
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));

    assertThat(plan.count()).isEqualTo(16); // days 14..29 (each a minute past the day)
    ApplyReport report = apply(plan);

    assertThat(report.allClear()).as(report.toString()).isTrue();
    assertThat(report.deleted()).isEqualTo(16);
    try (var files = Files.list(logs(web))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(14).allMatch(n -> {
        int day = Integer.parseInt(n.replaceAll("\\D", ""));
        return day < 14;
      });
    }
    assertThat(Files.list(logs(fleet.host("web-02"))).count()).isEqualTo(30);
  }

  @Test
  void apply_skipsFilesThatChangedSincePlan_andNeverTouchesNewOnes() throws Exception {
    EmbeddedHost web = fleet.host("web-01");
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
    Path grown = logs(web).resolve("app-20.log");
    Files.write(grown, new byte[5000]);
    Files.setLastModifiedTime(grown, FileTime.from(now.minus(Duration.ofDays(20))));
    Path replaced = logs(web).resolve("app-21.log");
    FileTime sameMtime = Files.getLastModifiedTime(replaced);
    Path twin = file(web, "twin.tmp", 1021, now); // same size; created while the original exists: a new inode
    Files.setLastModifiedTime(twin, sameMtime);
    Files.move(twin, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Path added = file(web, "late-arrival.log", 10, now.minus(Duration.ofDays(40)));

    ApplyReport report = apply(plan);

    HostApplied h = report.hosts().getFirst();
    assertThat(h.state()).isEqualTo("drifted");
    assertThat(h.deleted()).isEqualTo(14);
    assertThat(h.drifted()).extracting(Drift::path).containsExactlyInAnyOrder(grown.toString(), replaced.toString());
    assertThat(grown).exists();
    assertThat(replaced).exists();
    assertThat(added).exists();
    assertThat(report.allClear()).isFalse();
  }

  @Test
  void apply_isSingleUse_evenWhenTwoAppliesRace() throws Exception {
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
    List<Callable<Object>> both = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      both.add(() -> {
        try {
          return apply(plan);
        } catch (SteadyException e) {
          return e;
        }
      });
    }
    List<Object> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (Future<Object> f : pool.invokeAll(both)) {
        results.add(f.get());
      }
    }

    assertThat(results).filteredOn(r -> r instanceof ApplyReport).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof SteadyException e && e.kind() == SteadyException.Kind.REFUSED).hasSize(1);
    assertThatThrownBy(() -> apply(plan)).hasMessageContaining("already applied");
  }

  @Test
  void apply_refusesExpiredPlan_andWrongToken_andDeletesNothing() throws Exception {
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
    Clock later = Clock.fixed(plan.expiresAt().plusSeconds(1), ZoneOffset.UTC);

    assertThatThrownBy(() -> applier(later).apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 1), new ApplyListener() {}))
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> applier(Clock.systemUTC()).apply(new ApplyRequest(plan.id(), "wrong1", false, 1), new ApplyListener() {}))
        .hasMessageContaining("wrong confirmation token");
    assertThat(Files.list(logs(fleet.host("web-01"))).count()).isEqualTo(30);
    assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);
  }

  @Test
  void plan_refusesTakingEveryFile_unlessAllowAll() {
    assertThatThrownBy(() -> plan("web-01", olderThan(Duration.ofSeconds(1))))
        .isInstanceOf(SteadyException.class).hasMessageContaining("every file");
    Criteria all = new Criteria(Duration.ofSeconds(1), null, null, null, List.of(), List.of(), null, null, null, null, false, true);

    assertThat(plan("web-01", all).count()).isEqualTo(30);
  }

  @Test
  void apply_onHostThatNowAnswersAnotherHostname_isRefusedAndDeletesNothing() throws Exception {
    EmbeddedHost web = fleet.host("web-01");
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
    web.setHostname("web-09");
    try {
      ApplyReport report = apply(plan);

      assertThat(report.hosts().getFirst().state()).isEqualTo("refused");
      assertThat(Files.list(logs(web)).count()).isEqualTo(30);
    } finally {
      web.setHostname("web-01");
    }
  }

  @Test
  void apply_interruptedByADroppedConnection_resumesWithoutRedoingFiles() throws Exception {
    EmbeddedHost web = fleet.host("web-02");
    for (int i = 0; i < 3000; i++) {
      file(web, String.format("bulk-%05d.log", i), 10, now.minus(Duration.ofDays(30)));
    }
    Plan plan = plan("web-02", new Criteria(Duration.ofDays(14), null, null, null, List.of("bulk-*"), List.of(), null, null, null, null, false, true));
    Thread dropper = Thread.startVirtualThread(() -> {
      try {
        while (Files.exists(logs(web).resolve("bulk-00100.log"))) {
          Thread.sleep(1);
        }
        web.disconnectAll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ApplyReport first = apply(plan);
    dropper.join();

    HostApplied cut = first.hosts().getFirst();
    long gone = 3000 - Files.list(logs(web)).filter(p -> p.getFileName().toString().startsWith("bulk-")).count();
    if (cut.state().equals("interrupted")) {
      assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.APPLYING);
      assertThatThrownBy(() -> apply(plan)).hasMessageContaining("--resume");
      ApplyReport resumed = applier(Clock.systemUTC()).apply(new ApplyRequest(plan.id(), plan.confirmToken(), true, 1), new ApplyListener() {});
      HostApplied rest = resumed.hosts().getFirst();
      // files deleted before the drop but not yet recorded come back as drifted "gone": never deleted twice
      assertThat(cut.deleted() + rest.deleted()).isLessThanOrEqualTo(3000);
      assertThat(cut.deleted() + rest.deleted() + rest.driftedCount()).isEqualTo(3000);
      assertThat(rest.drifted()).allMatch(d -> d.reason().contains("gone"));
    } else {
      assertThat(gone).isEqualTo(3000); // the drop came too late to interrupt; still exact
    }
    assertThat(Files.list(logs(web)).filter(p -> p.getFileName().toString().startsWith("bulk-")).count()).isZero();
    assertThat(Files.list(logs(web)).count()).isEqualTo(30);
    assertThat(audit.verify().ok()).isTrue();
  }

  @Test
  void plan_withRequireBackup_keepsOutFilesWithoutAnEqualCopy() throws Exception {
    EmbeddedHost web = fleet.host("web-01");
    Path backup = Files.createDirectories(web.root().resolve("backup-" + System.nanoTime()));
    for (int day = 14; day < 30; day++) {
      String name = "app-" + day + ".log";
      if (day % 2 == 0) {
        Files.copy(logs(web).resolve(name), backup.resolve(name));
      } else if (day == 15) {
        Files.write(backup.resolve(name), new byte[3]); // wrong size
      }
    }
    Files.write(backup.resolve("app-16.log"), new byte[1016]); // same size, other content (zeros vs zeros: equal!)
    Files.write(backup.resolve("app-18.log"), "x".repeat(1018).getBytes()); // same size, different bytes

    Criteria sizeOnly = new Criteria(Duration.ofDays(14), null, null, null, List.of(), List.of(), null, null, null, backup.toString(), false, false);
    Plan bySize = plan("web-01", sizeOnly);
    Criteria checksum = new Criteria(Duration.ofDays(14), null, null, null, List.of(), List.of(), null, null, null, backup.toString(), true, false);
    Plan bySha = plan("web-01", checksum);

    assertThat(bySize.count()).isEqualTo(8); // the even days 14..28 have a copy of equal size
    assertThat(bySize.hosts().getFirst().excluded()).containsEntry("without a backup copy of equal size", 8L);
    assertThat(bySize.hosts().getFirst().notes()).anyMatch(n -> n.contains("app-15.log") && n.contains("3 bytes"));
    assertThat(bySha.count()).isEqualTo(7); // app-18's copy differs
    ApplyReport report = apply(bySha);
    assertThat(report.deleted()).isEqualTo(7);
    assertThat(logs(web).resolve("app-18.log")).exists();
    assertThat(logs(web).resolve("app-15.log")).exists();
    assertThat(logs(web).resolve("app-14.log")).doesNotExist();
  }

  // --- issue 10: no deletion without a record --------------------------------------------------

  @Test
  void apply_ofAnExpiredPlan_isRefusedFresh_butAnInterruptedApplyOfItCanBeFinished() throws Exception {
    EmbeddedHost web = fleet.host("web-01");
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
    // interrupted: its only host was missing from the inventory, so the plan stays applying
    ApplyReport first = new Applier(transport, store, audit, Clock.systemUTC(), name -> Optional.empty())
        .apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 1), new ApplyListener() {});
    assertThat(first.hosts().getFirst().state()).isEqualTo("refused");
    assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.APPLYING);
    Clock later = Clock.fixed(plan.expiresAt().plusSeconds(60), ZoneOffset.UTC);

    assertThatThrownBy(() -> applier(later).apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 1), new ApplyListener() {}))
        .hasMessageContaining("is being applied by run " + first.run()).hasMessageContaining("--resume");
    ApplyReport resumed = applier(later).apply(new ApplyRequest(plan.id(), plan.confirmToken(), true, 1), new ApplyListener() {});

    assertThat(resumed.allClear()).as(resumed.toString()).isTrue();
    assertThat(resumed.deleted()).isEqualTo(16);
    assertThat(Files.list(logs(web)).count()).isEqualTo(14);
    assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.APPLIED);
    assertThat(store.leases()).as("the apply ended: its host is free").isEmpty();

    Plan fresh = plan("web-02", olderThan(Duration.ofDays(14)));
    Clock afterFresh = Clock.fixed(fresh.expiresAt().plusSeconds(1), ZoneOffset.UTC);
    assertThatThrownBy(() -> applier(afterFresh).apply(new ApplyRequest(fresh.id(), fresh.confirmToken(), true, 1),
        new ApplyListener() {})).isInstanceOf(SteadyException.class).hasMessageContaining("expired");
    assertThat(Files.list(logs(fleet.host("web-02"))).count()).isEqualTo(30);
  }

  @Test
  void apply_whileAnotherApplyOfThePlanRuns_isRefusedNamingItsDriver_andDeletesNothing() throws Exception {
    Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch tried = new java.util.concurrent.CountDownLatch(1);
    ApplyListener slow = new ApplyListener() {
      @Override
      public void started(Plan p, String run) {
        holding.countDown();
        try {
          tried.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    java.util.concurrent.CompletableFuture<ApplyReport> first = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        applier(Clock.systemUTC()).apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 1), slow));
    holding.await();
    String run = store.planState(plan.id()).run();
    try {
      assertThatThrownBy(() -> applier(Clock.systemUTC()).apply(new ApplyRequest(plan.id(), plan.confirmToken(), true, 1),
          new ApplyListener() {}))
          .isInstanceOf(SteadyException.class).satisfies(e -> assertThat(((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.REFUSED))
          .hasMessageContaining("plan " + plan.id().substring(0, 12) + " is being applied by run " + run + ", driven by tester@test (heartbeat ")
          .hasMessageContaining("nothing was changed");
      assertThatThrownBy(() -> apply(plan)).hasMessageContaining("is being applied by run " + run + ", driven by tester@test");
      assertThat(Files.list(logs(fleet.host("web-01"))).count()).as("nothing deleted while the first waits").isEqualTo(30);
    } finally {
      tried.countDown();
    }
    ApplyReport report = first.get();
    assertThat(report.deleted()).isEqualTo(16);
    assertThat(store.auditTail(100, null).stream().filter(e -> e.action().equals("apply.start")).count()).isEqualTo(1);
  }

  @Test
  void apply_refusesAPlanWhoseStoredFilesWereChangedBySql_andDeletesNothing() throws Exception {
    EmbeddedHost web = fleet.host("web-01");
    Path extra = logs(web).resolve("app-3.log"); // recent: not planned
    for (String change : List.of(
        "INSERT INTO plan_files (plan_key, host, seq, path, size, mtime_ns, inode, device) SELECT plan_key, host, 16, ?, size, mtime_ns,"
            + " inode, device FROM plan_files WHERE plan_key = ? AND seq = 0",
        "UPDATE plan_files SET size = size + 1 WHERE plan_key = ? AND seq = 3",
        "UPDATE plan_files SET path = ? WHERE plan_key = ? AND seq = 3")) {
      Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));
      long key = store.draftOf(plan.id());
      try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + work.resolve("steady.db"));
          java.sql.PreparedStatement s = c.prepareStatement(change)) {
        int i = 1;
        if (change.contains("path")) {
          s.setBytes(i++, extra.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        s.setLong(i, key);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }

      assertThatThrownBy(() -> apply(plan)).as(change).isInstanceOf(SteadyException.class)
          .satisfies(e -> assertThat(((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.REFUSED))
          .hasMessageStartingWith("plan " + plan.id().substring(0, 12) + ": its stored files differ from the reviewed plan")
          .hasMessageContaining("nothing was deleted");
      assertThat(Files.list(logs(web)).count()).as(change).isEqualTo(30);
      assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);
    }
  }

  @Test
  void plan_withABindMountInsideTheRoot_neitherPlansNorDeletesItsFiles_andSaysSoInAGuardNote() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "bind mounts need root: skipped");
    EmbeddedHost web = fleet.host("web-01");
    Path outside = Files.createDirectories(web.root().resolve("database-" + System.nanoTime()));
    Files.write(outside.resolve("table.log"), new byte[100]);
    Files.setLastModifiedTime(outside.resolve("table.log"), FileTime.from(now.minus(Duration.ofDays(40))));
    Path mnt = Files.createDirectories(logs(web).resolve("archive"));
    new ProcessBuilder("mount", "--bind", outside.toString(), mnt.toString()).inheritIO().start().waitFor();
    try {
      Plan plan = plan("web-01", olderThan(Duration.ofDays(14)));

      assertThat(plan.count()).isEqualTo(16);
      assertThat(plan.guards()).contains("web-01: 1 mount point inside " + logs(web) + " skipped (files there live outside the root): " + mnt);
      assertThat(plan.hosts().getFirst().skipped()).containsEntry("mount point", 1L);
      assertThat(apply(plan).deleted()).isEqualTo(16);
      assertThat(outside.resolve("table.log")).exists();
    } finally {
      new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
    }
  }
}
