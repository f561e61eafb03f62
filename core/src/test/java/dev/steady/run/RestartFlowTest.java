package dev.steady.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.audit.AuditLog;
import dev.steady.check.Checks;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.testing.FleetRig;
import dev.steady.transport.FleetTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The second outage on ten real embedded hosts: one checklist, earned all-clear, faults, resume. */
@Timeout(120)
class RestartFlowTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String START = FleetRig.START;
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  FleetRig rig;
  Store store;
  AuditLog audit;
  FleetTransport transport;

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
    rig = FleetRig.open(fleet, work, "tester@test");
    store = rig.store;
    audit = rig.audit;
    transport = rig.transport;
    fleet.hosts().forEach(h -> h.setHostname(h.name()));
    rig.clearMarkers("start.count", "running", "broken");
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  List<Host> hosts() {
    return rig.hosts();
  }

  Optional<Host> inventory(String name) {
    return rig.inventory(name);
  }

  RunEngine engine() {
    return new RunEngine(transport, store, audit, Clock.systemUTC(), "tester@test");
  }

  static RestartSpec spec(String start, String verify, Duration deadline) {
    return new RestartSpec(null, start, Checks.parse(verify), deadline, Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  static RateControl rate(int concurrency, int maxErrors) {
    return new RateControl(concurrency, maxErrors, false, null, Duration.ZERO);
  }

  static int starts(EmbeddedHost h) {
    return FleetRig.starts(h);
  }

  Map<String, RowState> states(String run) {
    Map<String, RowState> m = new java.util.LinkedHashMap<>();
    store.rows(run).forEach(r -> m.put(r.host(), r.state()));
    return m;
  }

  @Test
  void restart_allHealthy_isAllClear_andEachStartRanOnce() throws Exception {
    RunInfo run = engine().restart("app", hosts(), spec(START, "cmd:test -f running", Duration.ofSeconds(5)), rate(4, 0), new RunListener() {});

    assertThat(run.allClear()).isTrue();
    assertThat(run.state()).isEqualTo("done");
    assertThat(store.rows(run.id())).extracting(RunRow::host).containsExactlyElementsOf(NAMES);
    assertThat(store.rows(run.id())).allMatch(r -> r.state() == RowState.DONE && r.actions() == 1);
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).isEqualTo(1);
    }
    assertThat(store.leases()).isEmpty();
  }

  @Test
  void restart_keepsTheHeadOfWhatEachStartPrinted_outsideTheAuditChain_whichKeepsDigestsOnly() throws Exception {
    String start = "head -c 40000 /dev/zero | tr '\\0' x; echo \"db password=$(echo gtmsdq1 | tr a-y b-z)\" >&2; " + START;
    List<Host> two = hosts().subList(0, 2);

    RunInfo run = engine().restart("app", two, spec(start, "cmd:test -f running", Duration.ofSeconds(5)), rate(2, 0), new RunListener() {});

    assertThat(run.allClear()).isTrue();
    List<ActionOutput> kept = store.outputs(run.id(), "app-01");
    assertThat(kept).hasSize(1);
    ActionOutput out = kept.get(0);
    assertThat(out.step()).isEqualTo("restart");
    assertThat(out.attempt()).isEqualTo(1);
    assertThat(out.exitStatus()).isZero();
    assertThat(out.stdout().totalBytes()).isEqualTo(40_000);
    assertThat(out.stdout().keptBytes()).isEqualTo(ActionOutput.HEAD_BYTES);
    assertThat(out.stdout().moreBytes()).isEqualTo(40_000 - ActionOutput.HEAD_BYTES);
    assertThat(out.stdout().text()).hasSize(ActionOutput.HEAD_BYTES).matches("x+");
    assertThat(out.stderr().text()).isEqualTo("db password=hunter1\n");
    assertThat(out.stderr().moreBytes()).isZero();
    assertThat(store.outputs(run.id(), "app-03")).as("one host's output is asked by host").isEmpty();
    assertThat(store.auditTail(200, run.id())).as("the audit keeps digests, never the output")
        .noneMatch(e -> e.dataJson().contains("hunter1")).anyMatch(e -> e.dataJson().contains("stderr_sha256"));
  }

  @Test
  void restart_withFaults_isNotAllClear_andEachFaultLandsOnItsRow() throws Exception {
    Files.createFile(fleet.host("app-02").root().resolve("broken"));
    fleet.host("app-05").setHostname("app-04");
    fleet.host("app-07").stop();
    String start = "test ! -f broken && " + START;
    String verify = "cmd:test -f running && test ! -f never-healthy";
    Files.createFile(fleet.host("app-03").root().resolve("never-healthy"));
    try {
      RunInfo run = engine().restart("app", hosts(), spec(start, verify, Duration.ofSeconds(1)), rate(10, 10), new RunListener() {});

      Map<String, RowState> states = states(run.id());
      assertThat(run.allClear()).isFalse();
      assertThat(run.state()).isEqualTo("not_all_clear");
      assertThat(states.get("app-02")).isEqualTo(RowState.FAILED);
      assertThat(states.get("app-03")).isEqualTo(RowState.FAILED);
      assertThat(states.get("app-05")).isEqualTo(RowState.REFUSED);
      assertThat(states.get("app-07")).isEqualTo(RowState.FAILED);
      assertThat(states.values().stream().filter(s -> s == RowState.DONE).count()).isEqualTo(6);
      assertThat(starts(fleet.host("app-05"))).as("nothing runs on an impostor").isZero();
      assertThat(store.rows(run.id()).stream().filter(r -> r.host().equals("app-03")).findFirst().orElseThrow().message())
          .contains("not healthy within 1s");
    } finally {
      Files.deleteIfExists(fleet.host("app-03").root().resolve("never-healthy"));
      fleet.host("app-07").start();
    }
  }

  @Test
  void restart_stopsStartingRowsAfterMaxErrors() throws Exception {
    for (String name : List.of("app-01", "app-02")) {
      Files.createFile(fleet.host(name).root().resolve("broken"));
    }
    String start = "test ! -f broken && " + START;

    RunInfo run = engine().restart("app", hosts(), spec(start, "cmd:test -f running", Duration.ofSeconds(2)), rate(1, 1), new RunListener() {});

    Map<String, RowState> states = states(run.id());
    assertThat(states.get("app-01")).isEqualTo(RowState.FAILED);
    assertThat(states.get("app-02")).isEqualTo(RowState.FAILED);
    assertThat(states.values().stream().filter(s -> s == RowState.PENDING).count()).isEqualTo(8);
    assertThat(run.allClear()).isFalse();
    for (String name : NAMES.subList(2, 10)) {
      assertThat(starts(fleet.host(name))).isZero();
    }
  }

  @Test
  void restart_isRefusedOnHostsLeasedToAnotherRun() {
    store.acquireLeases("r-other", "alice@laptop", List.of("app-03"), Instant.now());
    int before = fleet.hosts().stream().mapToInt(h -> h.commandsRun().size()).sum();

    assertThatThrownBy(() -> engine().restart("app", hosts(), spec(START, "cmd:true", Duration.ofSeconds(1)), rate(4, 0), new RunListener() {}))
        .isInstanceOf(SteadyException.class)
        .hasMessageContaining("app-03 held by run r-other (started by alice@laptop)");
    assertThat(fleet.hosts().stream().mapToInt(h -> h.commandsRun().size()).sum()).as("nothing ran anywhere").isEqualTo(before);
    store.releaseLeases("r-other");
  }

  @Test
  void stoppedRun_resumes_withoutRepeatingCompletedRows() throws Exception {
    RunEngine engine = engine();
    List<String> done = new ArrayList<>();
    RunListener stopAfterThree = new RunListener() {
      @Override
      public void rowChanged(RunRow row) {
        if (row.state() == RowState.DONE) {
          synchronized (done) {
            done.add(row.host());
            if (done.size() == 3) {
              engine.stop();
            }
          }
        }
      }
    };
    RunInfo first = engine.restart("app", hosts(), spec(START, "cmd:test -f running", Duration.ofSeconds(5)), rate(1, 0), stopAfterThree);
    assertThat(first.state()).isEqualTo("interrupted");
    assertThat(store.leases()).extracting(Lease::run).containsOnly(first.id());

    assertThat(Resumable.whyNot(store, first.id(), Instant.now())).as("stopped cleanly: resumable at once").isEmpty();
    store.acquireLeases(first.id(), "tester@test", NAMES, Instant.now()); // its controller heartbeats again, elsewhere
    String drivenElsewhere = Resumable.whyNot(store, first.id(), Instant.now()).orElseThrow();
    assertThat(drivenElsewhere).startsWith("run " + first.id() + " is still driven by tester@test, heartbeat 0 s ago");
    assertThat(catchThrowableOfType(SteadyException.class, () -> engine().resume(first.id(), this::inventory, new RunListener() {})))
        .hasMessage(drivenElsewhere);
    store.parkLeases(first.id(), null);

    RunInfo resumed = engine().resume(first.id(), this::inventory, new RunListener() {});

    assertThat(resumed.allClear()).isTrue();
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isEqualTo(1);
    }
    assertThat(store.leases()).isEmpty();
  }

  @Test
  void twoRunsRacingForOverlappingHosts_exactlyOneStarts() throws Exception {
    List<Host> all = hosts();
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.Callable<Object> first = () -> race(together, all.subList(0, 6));
    java.util.concurrent.Callable<Object> second = () -> race(together, all.subList(4, 10));
    List<Object> results = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      for (var f : pool.invokeAll(List.of(first, second))) {
        results.add(f.get());
      }
    }

    assertThat(results).filteredOn(r -> r instanceof RunInfo).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof SteadyException e && e.kind() == SteadyException.Kind.REFUSED
        && e.getMessage().contains("held by run")).hasSize(1);
    RunInfo winner = (RunInfo) results.stream().filter(r -> r instanceof RunInfo).findFirst().orElseThrow();
    assertThat(winner.allClear()).isTrue();
    int started = 0;
    for (EmbeddedHost h : fleet.hosts()) {
      started += starts(h);
    }
    assertThat(started).as("only the winner's six hosts were started, once each").isEqualTo(6);
  }

  private Object race(java.util.concurrent.CyclicBarrier together, List<Host> hosts) throws Exception {
    together.await();
    try {
      return engine().restart("race", hosts, spec(START, "cmd:test -f running", Duration.ofSeconds(5)), rate(6, 0), new RunListener() {});
    } catch (SteadyException e) {
      return e;
    }
  }
}
