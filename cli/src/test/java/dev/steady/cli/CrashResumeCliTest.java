package dev.steady.cli;

import static dev.steady.cli.CliFleet.starts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.run.UnknownRows;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5 under real crashes: a steady controller (a JVM of its own) is killed with SIGKILL at a
 * random moment of its run on three real hosts, a resume is killed too in half the trials, and a
 * last resume finishes. Each scenario runs {@value #TRIALS} trials with kill times spread over the
 * run; the seed is printed with every failure and can be replayed with {@code
 * -Dsteady.crash.seed=N}. A start with a check never runs twice on a host across the crashes; a
 * step without a check never runs twice without the operator's {@code --rerun-unknown TOKEN}.
 */
@Timeout(600)
class CrashResumeCliTest {

  static final int TRIALS = 10;
  static final List<String> NAMES = IntStream.rangeClosed(1, 3).mapToObj(i -> String.format("app-%02d", i)).toList();
  /** Like a service manager's start: returns after 0.3 s, the application keeps booting for 0.8 s more. */
  static final String START = "sleep 0.3; echo started >> start.count; (sleep 0.8; touch running) >/dev/null 2>&1 &";
  static final String NO_CHECK = """
      target: all
      rate: {concurrency: 2}
      steps:
        - name: start
          run: sleep 0.3; echo started >> start.count
        - name: after
          run: echo after >> after.count
      """;
  static final long SEED = Long.getLong("steady.crash.seed", System.nanoTime());

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  final Random random = new Random(SEED);
  final List<String> story = new ArrayList<>();

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    fleet.hosts().forEach(h -> h.setHostname(h.name()));
  }

  /** What every assertion says: the seed that replays this run of trials, and what happened so far. */
  String context() {
    return "seed " + SEED + " (replay: -Dsteady.crash.seed=" + SEED + ")\n" + String.join("\n", story);
  }

  // --- a start with a check ------------------------------------------------------------------------

  @Test
  void restartWithACheck_killedAtRandomMoments_resumeKilledToo_startsAtMostOncePerHost_andReachesAllClear() throws Exception {
    int killedVerifying = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      CliFleet cli = trialFleet(trial);
      List<String> restart = cli.args("restart", "all", "--start", START, "--verify", "cmd:test -f running", "--verify-timeout", "3s",
          "--interval", "200ms", "--concurrency", "2");
      Crash crash = crashController(cli, trial, restart, List.of(
          new Moment("start begun on host #", n -> rows -> rows.stream().filter(r -> r.actions() > 0).count() >= n, 3, 250),
          new Moment("start returned on host #", n -> rows -> rows.stream().filter(r -> r.actionsEnded() > 0).count() >= n, 3, 600),
          new Moment("row done #", n -> rows -> rows.stream().filter(r -> r.state() == RowState.DONE).count() >= n, 2, 150)));
      killedVerifying += crash.rowsAtKill().containsValue(RowState.VERIFYING) ? 1 : 0;
      if (crash.run() == null) {
        continue;
      }
      startedAtMostOnce("after the controller's kill");
      maybeCrashAResume(cli, crash.run(), trial);
      startedAtMostOnce("after the resume's kill");

      Cli.Result resumed = finalResume(cli, crash.run());
      startedAtMostOnce("after the last resume");
      Map<String, RowState> left = states(cli, crash.run());
      if (resumed.status() == 4) {
        assertThat(left.values()).as(context() + "\nrows not DONE are UNKNOWN: their start may have been killed\n" + resumed)
            .allMatch(s -> s == RowState.DONE || s == RowState.UNKNOWN);
        assertNextStepsFor(cli, crash.run(), resumed, "restart");
        Cli.Result rerun = cli.rerunUnknown(cli.store.toString(), crash.run());
        assertThat(rerun.status()).as(context() + "\n" + rerun).isZero();
        story.add("  rerun " + left.entrySet().stream().filter(e -> e.getValue() == RowState.UNKNOWN).map(Map.Entry::getKey).toList());
      }
      for (EmbeddedHost h : fleet.hosts()) {
        int bound = left.get(h.name()) == RowState.UNKNOWN ? 2 : 1;
        assertThat(starts(h)).as(context() + "\n" + h.name() + ": once, plus once more only by the operator's --rerun-unknown")
            .isBetween(1, bound);
      }
      assertAllClear(cli, crash.run());
    }
    System.out.println(context());
    assertThat(killedVerifying).as(context() + "\nsome kill landed while a row was VERIFYING (started, application booting)")
        .isPositive();
  }

  // --- a step without a check ------------------------------------------------------------------------

  @Test
  void runbookWithoutACheck_killedAtRandomMoments_neverRunsAStepTwiceWithoutTheOperatorsToken() throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      CliFleet cli = trialFleet(trial);
      Path runbook = Files.writeString(work.resolve("rb-" + trial + ".yaml"), NO_CHECK);
      Crash crash = crashController(cli, trial, cli.args("run", runbook.toString()), List.of(
          new Moment("action begun #", n -> rows -> rows.stream().mapToInt(RunRow::actions).sum() >= n, 6, 300),
          new Moment("row done #", n -> rows -> rows.stream().filter(r -> r.state() == RowState.DONE).count() >= n, 5, 100)));
      if (crash.run() == null) {
        continue;
      }
      ranAtMostOnce("after the controller's kill");
      maybeCrashAResume(cli, crash.run(), trial);
      ranAtMostOnce("after the resume's kill");

      Cli.Result resumed = finalResume(cli, crash.run());
      ranAtMostOnce("after the last resume");
      if (resumed.status() == 0) {
        assertAllClear(cli, crash.run());
        continue;
      }
      assertThat(resumed.status()).as(context() + "\n" + resumed).isEqualTo(4);
      assertNextStepsFor(cli, crash.run(), resumed, "start", "after");
      wrongTokenRunsNothing(cli, crash.run());
      if (trial % 2 == 0) {
        skipUnknown(cli, crash.run());
      } else {
        Map<String, RowState> before = states(cli, crash.run());
        Cli.Result rerun = cli.rerunUnknown(cli.store.toString(), crash.run());
        assertThat(rerun.status()).as(context() + "\n" + rerun).isZero();
        story.add("  rerun by token");
        for (EmbeddedHost h : fleet.hosts()) {
          boolean decided = before.entrySet().stream().anyMatch(e -> e.getKey().startsWith(h.name() + "/") && e.getValue() == RowState.UNKNOWN);
          assertThat(lines(h, "start.count")).as(context() + "\n" + h.name()).isLessThanOrEqualTo(decided ? 2 : 1);
        }
        assertAllClear(cli, crash.run());
      }
    }
    System.out.println(context());
  }

  void wrongTokenRunsNothing(CliFleet cli, String run) throws Exception {
    int before = commandsRun();
    List<RunRow> unknown;
    String token;
    try (Store s = Stores.open(cli.store.toString())) {
      unknown = UnknownRows.of(s.rows(run));
      token = UnknownRows.token(run, s.rows(run));
    }
    String names = unknown.stream().map(r -> r.host() + "/" + r.step()).collect(Collectors.joining(", "));

    Cli.Result wrong = cli.steady("resume", run, "--rerun-unknown", "0000000000");

    assertThat(wrong.status()).as(context() + "\n" + wrong).isEqualTo(3);
    assertThat(wrong.err()).isEqualTo("steady: --rerun-unknown '0000000000' does not name the rows of run " + run + " whose outcome"
        + " is unknown now (" + names + "; their token is " + token + "); nothing was run; look at those hosts, then `steady resume "
        + run + " --rerun-unknown " + token + "`\n");
    assertThat(commandsRun()).as(context() + "\nthe refused resume ran nothing, not even an identity check").isEqualTo(before);
  }

  void skipUnknown(CliFleet cli, String run) throws Exception {
    Map<String, RowState> before = states(cli, run);
    Map<String, Integer> counts = counts();

    Cli.Result skipped = cli.steady("resume", run, "--skip-unknown");

    assertThat(skipped.status()).as(context() + "\n" + skipped).isEqualTo(4);
    assertThat(skipped.out()).contains("NOT ALL-CLEAR: ").doesNotContain("--rerun-unknown");
    assertThat(counts()).as(context() + "\nskipping runs nothing").isEqualTo(counts);
    Map<String, RowState> after = states(cli, run);
    before.forEach((row, state) -> assertThat(after.get(row)).as(context() + "\n" + row)
        .isEqualTo(state == RowState.UNKNOWN ? RowState.SKIPPED : state));
    try (Store s = Stores.open(cli.store.toString())) {
      assertThat(s.findRun(run).orElseThrow().allClear()).as(context()).isFalse();
      assertThat(s.auditTail(200, run)).filteredOn(e -> e.action().equals("run.skip_unknown")).as(context()).hasSize(1);
    }
    story.add("  skipped");
  }

  // --- the trial machinery ---------------------------------------------------------------------------

  record Crash(String run, Map<String, RowState> rowsAtKill) {}

  /**
   * A moment of a run to kill its controller at: when {@code reached.apply(n)} first holds of its rows
   * (n drawn from 1..{@code most}), plus a random delay up to {@code maxDelay} ms.
   */
  record Moment(String what, java.util.function.IntFunction<java.util.function.Predicate<List<RunRow>>> reached, int most,
      long maxDelay) {}

  /** A fresh store and markers for one trial. */
  CliFleet trialFleet(int trial) throws Exception {
    CliFleet cli = CliFleet.in(fleet, work).withStore(work.resolve("trial-" + trial + ".db"));
    cli.clearMarkers("start.count", "running", "after.count");
    story.add("trial " + trial + ":");
    return cli;
  }

  /**
   * Starts a controller with {@code args} and kills it with SIGKILL at a random moment of its run:
   * trial {@code trial} takes the moments in turn (so the kills cover the whole run), a random n and
   * a random delay after it. Returns the run (null when the controller finished first) and its rows'
   * states just after the kill.
   */
  Crash crashController(CliFleet cli, int trial, List<String> args, List<Moment> moments) throws Exception {
    Moment moment = moments.get(trial % moments.size());
    int n = 1 + random.nextInt(moment.most());
    long delay = random.nextLong(moment.maxDelay() + 1);
    SteadyProcess controller = SteadyProcess.start(work, "controller-" + trial, "alice", Map.of(), args);
    try (Store s = Stores.open(cli.store.toString())) {
      String run = awaitRun(s, controller);
      long deadline = System.currentTimeMillis() + 60_000;
      while (controller.process.isAlive() && !moment.reached().apply(n).test(s.rows(run))) {
        assertThat(System.currentTimeMillis()).as(context() + "\nthe run reached " + moment.what() + n).isLessThan(deadline);
        Thread.sleep(5);
      }
      Thread.sleep(delay);
      controller.kill();
      Map<String, RowState> atKill = new LinkedHashMap<>();
      s.rows(run).forEach(r -> atKill.put(r.host() + "/" + r.step(), r.state()));
      story.add("  controller killed " + delay + " ms after " + moment.what() + n + " of run " + run + ": " + atKill);
      if (s.findRun(run).orElseThrow().allClear()) {
        story.add("  (it had finished)");
        return new Crash(null, atKill);
      }
      return new Crash(run, atKill);
    }
  }

  String awaitRun(Store s, SteadyProcess controller) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      List<RunInfo> runs = s.recentRuns(1);
      if (!runs.isEmpty()) {
        return runs.getFirst().id();
      }
      assertThat(controller.process.isAlive()).as(context() + "\n" + (controller.process.isAlive() ? "" : controller.result())).isTrue();
      Thread.sleep(10);
    }
    throw new AssertionError(context() + "\nthe controller created no run");
  }

  /** In half the trials: a resume in a JVM of its own, killed at a random moment after it took the run over. */
  void maybeCrashAResume(CliFleet cli, String run, int trial) throws Exception {
    if (!random.nextBoolean()) {
      return;
    }
    long delay = random.nextLong(700);
    SteadyProcess resume = SteadyProcess.start(work, "resume-" + trial, "bob", Map.of(), cli.args("resume", run));
    try (Store s = Stores.open(cli.store.toString())) {
      List<RunRow> before = s.rows(run);
      long deadline = System.currentTimeMillis() + 60_000;
      while (resume.process.isAlive() && before.equals(s.rows(run))) { // the rows it takes up move to CONNECTING first
        assertThat(System.currentTimeMillis()).as(context() + "\nthe resume took the run over").isLessThan(deadline);
        Thread.sleep(5);
      }
      Thread.sleep(delay);
      boolean finished = !resume.process.isAlive();
      resume.kill();
      Map<String, RowState> atKill = new LinkedHashMap<>();
      s.rows(run).forEach(r -> atKill.put(r.host() + "/" + r.step(), r.state()));
      story.add("  resume " + (finished ? "finished (" + resume.result().status() + ")" : "killed " + delay + " ms after its first row moved")
          + ": " + atKill);
    }
  }

  /** The operator's plain resume, in this process: at once (the killed controllers ran on this machine). */
  Cli.Result finalResume(CliFleet cli, String run) throws Exception {
    try (Store s = Stores.open(cli.store.toString())) {
      if (s.findRun(run).orElseThrow().allClear()) {
        story.add("  all-clear before the last resume");
        return new Cli.Result(0, "", "");
      }
    }
    Cli.Result resumed = cli.steady("resume", run);
    story.add("  last resume: exit " + resumed.status() + " " + states(cli, run));
    assertThat(resumed.status()).as(context() + "\n" + resumed).isIn(0, 4);
    return resumed;
  }

  /** The summary names the exact decisions, with the token of exactly the UNKNOWN rows. */
  void assertNextStepsFor(CliFleet cli, String run, Cli.Result resumed, String... steps) throws Exception {
    List<RunRow> unknown;
    String token;
    try (Store s = Stores.open(cli.store.toString())) {
      unknown = UnknownRows.of(s.rows(run));
      token = UnknownRows.token(run, s.rows(run));
    }
    assertThat(unknown).as(context()).isNotEmpty().allMatch(r -> List.of(steps).contains(r.step()));
    String names = unknown.stream().map(r -> r.host() + "/" + r.step()).collect(Collectors.joining(", "));
    assertThat(resumed.out()).as(context()).contains("\n  " + unknown.size() + " row(s) may have acted before an interruption and no"
        + " check proved them healthy (" + names + "); after looking at the host(s), run them again with: steady resume " + run
        + " --rerun-unknown " + token + "\n  or leave them not run (SKIPPED, not all-clear) with: steady resume " + run
        + " --skip-unknown\n");
  }

  void assertAllClear(CliFleet cli, String run) throws Exception {
    try (Store s = Stores.open(cli.store.toString())) {
      assertThat(s.findRun(run).orElseThrow().allClear()).as(context() + "\n" + states(cli, run)).isTrue();
      assertThat(s.leases()).as(context()).isEmpty();
    }
  }

  void startedAtMostOnce(String when) {
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(context() + "\n" + h.name() + " " + when).isLessThanOrEqualTo(1);
    }
  }

  void ranAtMostOnce(String when) throws Exception {
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(lines(h, "start.count")).as(context() + "\n" + h.name() + " start " + when).isLessThanOrEqualTo(1);
      assertThat(lines(h, "after.count")).as(context() + "\n" + h.name() + " after " + when).isLessThanOrEqualTo(1);
    }
  }

  Map<String, RowState> states(CliFleet cli, String run) {
    Map<String, RowState> m = new LinkedHashMap<>();
    try (Store s = Stores.open(cli.store.toString())) {
      s.rows(run).forEach(r -> m.put(r.step().equals("restart") ? r.host() : r.host() + "/" + r.step(), r.state()));
    }
    return m;
  }

  Map<String, Integer> counts() throws Exception {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (EmbeddedHost h : fleet.hosts()) {
      m.put(h.name() + "/start", lines(h, "start.count"));
      m.put(h.name() + "/after", lines(h, "after.count"));
    }
    return m;
  }

  static int commandsRun() {
    return fleet.hosts().stream().mapToInt(h -> h.commandsRun().size()).sum();
  }

  static int lines(EmbeddedHost h, String file) throws Exception {
    Path p = h.root().resolve(file);
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }
}
