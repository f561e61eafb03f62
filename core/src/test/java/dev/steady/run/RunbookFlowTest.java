package dev.steady.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.testing.FleetRig;
import dev.steady.audit.AuditLog;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.transport.FleetTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Multi-step runbooks on six real embedded hosts: rows per (host, step), conditions, failures, injection, gates, resume. */
@Timeout(120)
class RunbookFlowTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 6).mapToObj(i -> String.format("app-%02d", i)).toList();
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  FleetRig rig;
  Store store;
  AuditLog audit;
  FleetTransport transport;
  Map<String, String> vars = Map.of("marker", "running");

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
    for (EmbeddedHost h : fleet.hosts()) {
      h.setHostname(h.name());
      try (var files = Files.list(h.root())) {
        for (Path p : files.toList()) {
          if (!Files.isDirectory(p)) {
            Files.delete(p);
          }
        }
      }
    }
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  List<Host> hosts() {
    return rig.hosts(vars, "inventory.yaml:1");
  }

  Optional<Host> inventory(String name) {
    return hosts().stream().filter(h -> h.name().equals(name)).findFirst();
  }

  RunEngine engine() {
    return new RunEngine(transport, store, audit, Clock.systemUTC(), "tester@test");
  }

  RunInfo run(String yaml, RunEngine engine, RunListener listener, Gatekeeper gates) {
    RunbookPlan plan = Runbook.parse("rb.yaml", yaml).plan("app", hosts());
    return engine.run(plan, hosts(), listener, gates);
  }

  RunInfo run(String yaml) {
    return run(yaml, engine(), new RunListener() {}, Gatekeeper.NONE);
  }

  Map<String, RowState> states(String run) {
    Map<String, RowState> m = new LinkedHashMap<>();
    store.rows(run).forEach(r -> m.put(r.host() + "/" + r.step(), r.state()));
    return m;
  }

  RunRow row(String run, String host, String step) {
    return store.rows(run).stream().filter(r -> r.host().equals(host) && r.step().equals(step)).findFirst().orElseThrow();
  }

  static int lines(EmbeddedHost h, String file) throws Exception {
    Path p = h.root().resolve(file);
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }

  static final String TWO_STEPS = """
      rate: {concurrency: 3}
      steps:
        - name: start
          run: echo started >> start.count && touch {{ vars.marker }}
        - name: healthy
          check: cmd:test -f running
          deadline: 5s
          interval: 100ms
      """;

  @Test
  void twoStepRunbook_isAllClear_withRowsInInventoryThenStepOrder() throws Exception {
    RunInfo run = run(TWO_STEPS);

    assertThat(run.allClear()).isTrue();
    assertThat(run.kind()).isEqualTo("runbook");
    assertThat(store.rows(run.id())).extracting(r -> r.host() + "/" + r.step())
        .containsExactlyElementsOf(NAMES.stream().flatMap(n -> java.util.stream.Stream.of(n + "/start", n + "/healthy")).toList());
    assertThat(store.rows(run.id())).allMatch(r -> r.state() == RowState.DONE);
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(lines(h, "start.count")).isEqualTo(1);
    }
    assertThat(store.leases()).isEmpty();
  }

  @Test
  void unless_skipsTheStepWhereTheProcessAlreadyRuns_andTheCommandNeverRanThere() throws Exception {
    Files.createFile(fleet.host("app-02").root().resolve("running"));
    int before = fleet.host("app-02").commandsRun().size();

    RunInfo run = run(TWO_STEPS.replace("    run: echo", "    unless: cmd:test -f running\n    run: echo"));

    assertThat(run.allClear()).isTrue();
    assertThat(fleet.host("app-02").commandsRun().subList(before, fleet.host("app-02").commandsRun().size()))
        .noneMatch(c -> c.contains("start.count"));
    assertThat(lines(fleet.host("app-02"), "start.count")).isZero();
    assertThat(row(run.id(), "app-02", "start").message()).startsWith("not needed: unless `cmd:test -f running` passed");
    assertThat(row(run.id(), "app-02", "start").actions()).isZero();
    assertThat(lines(fleet.host("app-01"), "start.count")).isEqualTo(1);
  }

  @Test
  void failingStep_skipsTheRestOfThatHost_only() throws Exception {
    Files.createFile(fleet.host("app-03").root().resolve("broken"));
    String yaml = """
        rate: {concurrency: 6, max_errors: 5}
        steps:
          - name: prepare
            run: test ! -f broken
            retries: 1
          - name: start
            run: touch after
        """;

    RunInfo run = run(yaml);

    assertThat(run.allClear()).isFalse();
    assertThat(run.state()).isEqualTo("not_all_clear");
    assertThat(row(run.id(), "app-03", "prepare").state()).isEqualTo(RowState.FAILED);
    assertThat(row(run.id(), "app-03", "prepare").message()).isEqualTo("command exited 1 (after 2 attempts)");
    assertThat(row(run.id(), "app-03", "prepare").actions()).isEqualTo(2);
    assertThat(row(run.id(), "app-03", "start").state()).isEqualTo(RowState.SKIPPED);
    assertThat(row(run.id(), "app-03", "start").message()).isEqualTo("not run: previous step 'prepare' failed");
    assertThat(fleet.host("app-03").root().resolve("after")).doesNotExist();
    assertThat(fleet.host("app-04").root().resolve("after")).exists();
  }

  @Test
  void injectionThroughAVariable_isOneHarmlessArgument() throws Exception {
    vars = Map.of("service", "x; touch pwned; echo $(touch pwned2) `touch pwned3` 'q");
    RunInfo run = run("steps:\n  - name: echo\n    run: printf %s {{ vars.service }} > out\n");

    assertThat(run.allClear()).isTrue();
    EmbeddedHost h = fleet.host("app-01");
    assertThat(h.root().resolve("pwned")).doesNotExist();
    assertThat(h.root().resolve("pwned2")).doesNotExist();
    assertThat(h.root().resolve("pwned3")).doesNotExist();
    assertThat(Files.readString(h.root().resolve("out"))).isEqualTo(vars.get("service"));
  }

  @Test
  void gate_notConfirmed_holdsTheRunAfterEveryHostFinishedTheStepsBeforeIt_thenResumePassesIt() throws Exception {
    String yaml = """
        steps:
          - name: first
            run: echo 1 >> first.count
          - gate: look at the dashboard, then type go
          - name: second
            run: echo 2 >> second.count
        """;
    List<String> asked = new ArrayList<>();

    RunInfo held = run(yaml, engine(), new RunListener() {}, Gatekeeper.typed(prompt -> {
      asked.add(prompt);
      return "no";
    }));

    assertThat(held.state()).isEqualTo("interrupted");
    assertThat(asked).containsExactly("look at the dashboard, then type go (type 'go' to continue, anything else stops the run)");
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(lines(h, "first.count")).isEqualTo(1);
      assertThat(lines(h, "second.count")).isZero();
    }
    assertThat(row(held.id(), "app-01", "second").message()).startsWith("waiting at the gate 'look at the dashboard, then type go'");

    RunInfo resumed = engine().resume(held.id(), this::inventory, new RunListener() {}, Gatekeeper.typed(prompt -> "go"));

    assertThat(resumed.allClear()).isTrue();
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(lines(h, "first.count")).as("done before the gate: not repeated").isEqualTo(1);
      assertThat(lines(h, "second.count")).isEqualTo(1);
    }
  }

  @Test
  void stoppedRunbookRun_resumesFromItsStoredPlan_withoutRepeatingCompletedRows() throws Exception {
    RunEngine engine = engine();
    List<String> done = new ArrayList<>();
    RunListener stopAfterTwoHosts = new RunListener() {
      @Override
      public void rowChanged(RunRow row) {
        if (row.state() == RowState.DONE && row.step().equals("healthy")) {
          synchronized (done) {
            done.add(row.host());
            if (done.size() == 2) {
              engine.stop();
            }
          }
        }
      }
    };
    RunInfo first = run(TWO_STEPS.replace("concurrency: 3", "concurrency: 1"), engine, stopAfterTwoHosts, Gatekeeper.NONE);
    assertThat(first.state()).isEqualTo("interrupted");
    assertThat(states(first.id()).values().stream().filter(s -> s == RowState.PENDING).count()).isEqualTo(8);
    vars = Map.of("marker", "changed-since");

    RunInfo resumed = engine().resume(first.id(), this::inventory, new RunListener() {});

    assertThat(resumed.allClear()).as(states(first.id()).toString()).isTrue();
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(lines(h, "start.count")).as(h.name()).isEqualTo(1);
      assertThat(h.root().resolve("changed-since")).as("resume runs the stored plan, not a re-rendered one").doesNotExist();
    }
  }

  @Test
  void impostorHost_isRefused_andNothingOfItsStepsRuns() throws Exception {
    fleet.host("app-05").setHostname("app-04");
    int before = fleet.host("app-05").commandsRun().size();

    RunInfo run = run(TWO_STEPS.replace("steps:", "rate: {max_errors: 3}\nsteps:").replace("rate: {concurrency: 3}\n", ""));

    assertThat(row(run.id(), "app-05", "start").state()).isEqualTo(RowState.REFUSED);
    assertThat(row(run.id(), "app-05", "healthy").state()).isEqualTo(RowState.SKIPPED);
    assertThat(fleet.host("app-05").commandsRun().subList(before, fleet.host("app-05").commandsRun().size()))
        .noneMatch(c -> c.contains("start.count"));
    assertThat(run.allClear()).isFalse();
  }
}
