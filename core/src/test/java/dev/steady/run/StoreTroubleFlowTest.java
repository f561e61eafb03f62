package dev.steady.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.testing.FleetRig;
import dev.steady.audit.AuditLog;
import dev.steady.check.Checks;
import dev.steady.failure.SteadyException;
import dev.steady.failure.StoreUnreachable;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.transport.FleetTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine when the store misbehaves under it: leases heartbeat while the run goes on, a run
 * taken over by another controller starts no new row, a store away for longer than its patience
 * stops the run resumable, and a cleanly stopped run can be resumed at once.
 */
@Timeout(60)
class StoreTroubleFlowTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 6).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String START = "sleep 0.4; echo started >> start.count && touch running";
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  FleetRig rig;
  Store store;
  AuditLog audit;
  FleetTransport transport;
  final List<String> notices = new ArrayList<>();

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
    rig = FleetRig.open(fleet, work, "alice@laptop", Duration.ofMillis(400));
    store = rig.store;
    audit = rig.audit;
    transport = rig.transport;
    rig.clearMarkers("start.count", "running");
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  List<Host> hosts() {
    return rig.hosts();
  }

  static int starts(EmbeddedHost h) {
    Path count = h.root().resolve("start.count");
    try {
      return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  RunInfo restart(RunEngine engine, RunListener listener) {
    RestartSpec spec = new RestartSpec(null, START, Checks.parse("cmd:test -f running"), Duration.ofSeconds(5), Duration.ofMillis(100),
        Duration.ofSeconds(30));
    return engine.restart("app", hosts(), spec, new RateControl(1, 0, false, null, Duration.ZERO), listener);
  }

  /** Records notices; runs {@code onDone} once, when {@code after} rows are DONE. */
  RunListener listener(int after, Runnable onDone) {
    return new RunListener() {
      int done;

      @Override
      public void rowChanged(RunRow row) {
        if (row.state() == RowState.DONE && ++done == after) {
          onDone.run();
        }
      }

      @Override
      public void notice(String message) {
        synchronized (notices) {
          notices.add(message);
        }
      }
    };
  }

  @Test
  void leasesHeartbeatWhileTheRunGoesOn_soNoOneCanTakeThemOver() {
    TroubledStorage storage = new TroubledStorage(store, Duration.ofMinutes(1));
    RunEngine engine = new RunEngine(transport, storage, audit, Clock.systemUTC(), "alice@laptop");
    List<List<Lease>> takeOver = new ArrayList<>();

    RunInfo run = restart(engine, listener(4, () -> {
      String id = store.leases().getFirst().run();
      takeOver.add(store.takeOverLeases(id, "bob@desk", Instant.now()));
    }));

    assertThat(takeOver.getFirst()).as("2 s into the run, with a 400 ms TTL, the leases are live").isNotEmpty()
        .allMatch(l -> l.user().equals("alice@laptop"));
    assertThat(run.allClear()).isTrue();
    assertThat(store.leases()).as("released at the end").isEmpty();
  }

  @Test
  void runTakenOverByAnotherController_startsNoNewRow_andLeavesTheRunToIt() throws Exception {
    TroubledStorage storage = new TroubledStorage(store, Duration.ofMinutes(1));
    RunEngine engine = new RunEngine(transport, storage, audit, Clock.systemUTC(), "alice@laptop");

    RunInfo run = restart(engine, listener(2, () -> {
      storage.down = true; // this controller's heartbeats stop reaching the store...
      String id = store.leases().getFirst().run();
      sleep(600); // ...longer than the TTL: another controller takes over
      assertThat(store.takeOverLeases(id, "bob@desk", Instant.now())).isEmpty();
      storage.down = false;
      sleep(300); // this controller's next heartbeat finds the leases gone
    }));

    assertThat(run.state()).isEqualTo("interrupted");
    assertThat(notices).anyMatch(n -> n.contains("was taken over by bob@desk") && n.contains("starts no new row"));
    assertThat(store.findRun(run.id()).orElseThrow().state()).as("left to its new controller").isEqualTo("running");
    assertThat(store.leases()).isNotEmpty().allMatch(l -> l.user().equals("bob@desk"));
    long started = fleet.hosts().stream().filter(h -> starts(h) > 0).count();
    assertThat(started).as("at most the row running at the take-over finished after it").isLessThanOrEqualTo(3);
    assertThat(store.rows(run.id()).stream().filter(r -> r.state() == RowState.PENDING).count()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void controllerSuspendedPastTheTtl_andTakenOver_isFencedAtItsNextRowWrite_beforeItsHeartbeatNotices() throws Exception {
    TroubledStorage storage = new TroubledStorage(store, Duration.ofMinutes(1));
    RunEngine engine = new RunEngine(transport, storage, audit, Clock.systemUTC(), "alice@laptop");
    String[] id = new String[1];

    RunInfo run = restart(engine, listener(2, () -> {
      storage.frozen = true; // suspended: no heartbeat reaches the store, and none will say the leases were lost
      id[0] = store.leases().getFirst().run();
      sleep(600); // longer than the 400 ms TTL: bob's resume takes the run over
      assertThat(store.takeOverLeases(id[0], "bob@desk", Instant.now())).isEmpty();
    })); // woken: the very next row write is alice's, long before any heartbeat could tell her

    assertThat(run.state()).isEqualTo("interrupted");
    assertThat(fleet.hosts().stream().mapToInt(StoreTroubleFlowTest::starts).sum()).as("no start after the take-over").isEqualTo(2);
    assertThat(store.rows(id[0]).stream().filter(r -> r.state() == RowState.PENDING).count())
        .as("the next host's CONNECTING was refused by the fence, not stored").isEqualTo(NAMES.size() - 2);
    assertThat(notices).anyMatch(n -> n.contains("was taken over by bob@desk") && n.contains("stores no further state"));
    assertThat(store.findRun(id[0]).orElseThrow().state()).as("left to its new controller").isEqualTo("running");
    assertThat(store.leases()).hasSize(NAMES.size()).allMatch(l -> l.user().equals("bob@desk"));
  }

  @Test
  void storeAwayLongerThanItsPatience_stopsTheRun_resumably_andStartsNothingMore() throws Exception {
    TroubledStorage storage = new TroubledStorage(store, Duration.ofMillis(800));
    RunEngine engine = new RunEngine(transport, storage, audit, Clock.systemUTC(), "alice@laptop");

    StoreUnreachable e = catchThrowableOfType(StoreUnreachable.class, () -> restart(engine, listener(2, () -> storage.down = true)));

    assertThat(e.getMessage()).matches("run r-\\S+ stopped: the store stayed unreachable for more than 0\\.8 s"
        + " \\(STEADY_STORE_PATIENCE\\); no new row was started, .*when the store is back, `steady resume r-\\S+` verifies them .*");
    assertThat(notices).anyMatch(n -> n.startsWith("store unreachable, paused: store test: Connection refused; no new row starts"));
    assertThat(fleet.hosts().stream().mapToInt(StoreTroubleFlowTest::starts).sum()).as("the two done rows only").isEqualTo(2);
    assertThat(store.leases()).as("the hosts stay held for the resume").hasSize(NAMES.size());
  }

  @Test
  void storeAwayBriefly_pausesNewRows_thenTheRunFinishesAllClear() throws Exception {
    TroubledStorage storage = new TroubledStorage(store, Duration.ofMinutes(1));
    RunEngine engine = new RunEngine(transport, storage, audit, Clock.systemUTC(), "alice@laptop");
    Thread[] restorer = new Thread[1];

    RunInfo run = restart(engine, listener(2, () -> {
      storage.down = true;
      restorer[0] = Thread.ofPlatform().start(() -> {
        sleep(1_500);
        storage.down = false;
      });
    }));
    restorer[0].join();

    assertThat(run.allClear()).isTrue();
    assertThat(notices).anyMatch(n -> n.startsWith("store unreachable, paused"))
        .anyMatch(n -> n.startsWith("store reachable again after"));
    assertThat(store.rows(run.id())).allMatch(r -> r.state() == RowState.DONE && r.actions() == 1);
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isEqualTo(1);
    }
  }

  @Test
  void cleanlyStoppedRun_canBeResumedAtOnce_butARunWhoseControllerStillBeatsCannot() throws Exception {
    RunEngine engine = new RunEngine(transport, store, audit, Clock.systemUTC(), "alice@laptop");
    RunInfo first = restart(engine, listener(2, engine::stop));
    assertThat(first.state()).isEqualTo("interrupted");

    RunInfo resumed = new RunEngine(transport, store, audit, Clock.systemUTC(), "bob@desk").resume(first.id(),
        name -> hosts().stream().filter(h -> h.name().equals(name)).findFirst(), new RunListener() {});

    assertThat(resumed.allClear()).isTrue();

    store.acquireLeases("r-live", "carol@ops", List.of("app-01"), Instant.now().plusSeconds(5)); // beats for 5 s more
    store.createRun(new RunInfo("r-live", "restart", "running", false, "carol@ops", "app", Instant.now(), null, first.spec()),
        List.of(new RunRow("r-live", "app-01", "restart", 0, RowState.PENDING, null, null, null, 0, null)));
    SteadyException refused = catchThrowableOfType(SteadyException.class, () -> new RunEngine(transport, store, audit,
        Clock.systemUTC(), "bob@desk").resume("r-live", name -> hosts().stream().filter(h -> h.name().equals(name)).findFirst(),
        new RunListener() {}));
    assertThat(refused.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(refused.getMessage()).startsWith("run r-live is still driven by carol@ops, heartbeat 0 s ago;");
  }

  @Test
  void runStoppedResumedAndStoppedAgain_resumesAtOnceEachTime_andEveryHostStartsOnce() {
    try (Store store = Stores.open(work.resolve("steady.db").toString(), Duration.ofMinutes(2))) { // no lease goes stale here
      RunEngine first = new RunEngine(transport, store, audit, Clock.systemUTC(), "olivia@laptop");
      String id = restart(first, listener(2, first::stop)).id();

      RunEngine second = new RunEngine(transport, store, audit, Clock.systemUTC(), "olivia@console");
      RunInfo stoppedAgain = second.resume(id, name -> hosts().stream().filter(h -> h.name().equals(name)).findFirst(),
          listener(1, second::stop));
      RunInfo resumed = new RunEngine(transport, store, audit, Clock.systemUTC(), "olivia@console").resume(id,
          name -> hosts().stream().filter(h -> h.name().equals(name)).findFirst(), new RunListener() {});

      assertThat(stoppedAgain.state()).isEqualTo("interrupted");
      assertThat(resumed.allClear()).as("the leases of hosts done before the first stop do not block").isTrue();
    }
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isEqualTo(1);
    }
    assertThat(store.leases()).isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
