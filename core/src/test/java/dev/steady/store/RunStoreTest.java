package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import dev.steady.run.ActionOutput;
import dev.steady.run.Lease;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs, checklists and leases in the store (invariants 5 and 8). */
@Timeout(60)
class RunStoreTest extends StoreTestBase {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

  static RunInfo run(String id, Instant startedAt) {
    return new RunInfo(id, "restart", "running", false, "alice", "app", startedAt, null,
        "{\"start\":\"systemctl start app\"}");
  }

  /** Rows given out of order: hosts × steps, position = inventory order then step order. */
  static List<RunRow> rows(String run, List<String> hosts, List<String> steps) {
    List<RunRow> rows = new ArrayList<>();
    int position = 0;
    for (String host : hosts) {
      for (String step : steps) {
        rows.add(new RunRow(run, host, step, position++, RowState.PENDING, null, null, null, 0,
            null));
      }
    }
    return rows.reversed();
  }

  private Store open() {
    return openStore("runs.db");
  }

  @Test
  void outputs_areKeptPerStart_byHost_onceEach_andNulCannotBreakIt() {
    try (Store store = open()) {
      store.createRun(run("r-out", T0), rows("r-out", List.of("web-01", "web-02"), List.of("restart")));
      ActionOutput first = new ActionOutput("r-out", "web-01", "restart", 1, 1, new ActionOutput.Head("no\uFFFDpe\n", 4, 4),
          new ActionOutput.Head("", 0, 0), T0);
      ActionOutput second = new ActionOutput("r-out", "web-01", "restart", 2, null, new ActionOutput.Head("x".repeat(10), 10, 90_000),
          new ActionOutput.Head("killed\n", 7, 7), T0.plusSeconds(1));

      store.keepOutput(second);
      store.keepOutput(first);
      store.keepOutput(new ActionOutput("r-out", "web-01", "restart", 1, 0, new ActionOutput.Head("again", 5, 5),
          new ActionOutput.Head("", 0, 0), T0));

      assertThat(store.outputs("r-out", "web-01")).containsExactly(new ActionOutput("r-out", "web-01", "restart", 1, 1,
          first.stdout(), first.stderr(), T0.truncatedTo(ChronoUnit.MILLIS)), new ActionOutput("r-out", "web-01", "restart", 2, null,
          second.stdout(), second.stderr(), T0.plusSeconds(1).truncatedTo(ChronoUnit.MILLIS)));
      assertThat(second.stdout().moreBytes()).isEqualTo(89_990);
      assertThat(store.outputs("r-out", "web-02")).isEmpty();
    }
  }

  @Test
  void lifecycle_createTransitionFinishReopen() {
    try (Store store = open()) {
      store.createRun(run("r1", T0), rows("r1", List.of("web-02", "web-01"), List.of("restart",
          "verify")));

      assertThat(store.findRun("r1")).contains(new RunInfo("r1", "restart", "running", false,
          "alice", "app", T0.truncatedTo(ChronoUnit.MILLIS), null,
          "{\"start\":\"systemctl start app\"}"));
      assertThat(store.findRun("nope")).isEmpty();
      assertThat(store.rows("r1")).extracting(r -> r.host() + "/" + r.step())
          .containsExactly("web-02/restart", "web-02/verify", "web-01/restart", "web-01/verify");
      assertThat(store.rows("r1")).allSatisfy(r -> {
        assertThat(r.state()).isEqualTo(RowState.PENDING);
        assertThat(r.actions()).isZero();
        assertThat(r.startedAt()).isNull();
        assertThat(r.endedAt()).isNull();
        assertThat(r.run()).isEqualTo("r1");
      });

      Instant t1 = T0.plusSeconds(1);
      store.transition("r1", "web-02", "restart", RowState.CONNECTING, null, null, false, t1);
      store.transition("r1", "web-02", "restart", RowState.IDENTIFIED, null, "host key ok",
          false, t1.plusMillis(5));
      store.transition("r1", "web-02", "restart", RowState.ACTING, null, null, true,
          t1.plusMillis(10));
      RunRow acting = store.rows("r1").get(0);
      assertThat(acting.state()).isEqualTo(RowState.ACTING);
      assertThat(acting.actions()).isEqualTo(1);
      assertThat(acting.startedAt()).isEqualTo(t1.truncatedTo(ChronoUnit.MILLIS));
      assertThat(acting.endedAt()).isNull();
      assertThat(acting.message()).as("kept when the transition gives none")
          .isEqualTo("host key ok");

      Instant t2 = T0.plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      store.transition("r1", "web-02", "restart", RowState.VERIFYING, 0, "started", false, t2);
      store.transition("r1", "web-02", "restart", RowState.DONE, null, null, false,
          t2.plusMillis(7));
      store.transition("r1", "web-01", "restart", RowState.REFUSED, null,
          "hostname is web-09, expected web-01", false, t2);
      store.transition("r1", "web-02", "verify", RowState.ACTING, null, null, true, t2);
      store.transition("r1", "web-02", "verify", RowState.ACTING, null, null, true, t2);
      store.transition("r1", "web-02", "verify", RowState.FAILED, 2, "CRITICAL", false,
          t2.plusSeconds(1));

      List<RunRow> rows = store.rows("r1");
      assertThat(rows.get(0)).isEqualTo(new RunRow("r1", "web-02", "restart", 0, RowState.DONE,
          0, t1.truncatedTo(ChronoUnit.MILLIS), t2.plusMillis(7), 1, "started"));
      assertThat(rows.get(1)).isEqualTo(new RunRow("r1", "web-02", "verify", 1, RowState.FAILED,
          2, t2, t2.plusSeconds(1), 2, "CRITICAL"));
      assertThat(rows.get(2)).isEqualTo(new RunRow("r1", "web-01", "restart", 2,
          RowState.REFUSED, null, t2, t2, 0, "hostname is web-09, expected web-01"));
      assertThat(rows.get(3).state()).isEqualTo(RowState.PENDING);

      assertThatThrownBy(() -> store.transition("r1", "web-03", "restart", RowState.DONE, null,
          null, false, t2)).isInstanceOf(IllegalStateException.class).hasMessageContaining(
          "web-03/restart");

      Instant end = T0.plusSeconds(9).truncatedTo(ChronoUnit.MILLIS);
      store.finishRun("r1", "not_all_clear", false, end);
      assertThat(store.findRun("r1").orElseThrow()).extracting(RunInfo::state,
          RunInfo::allClear, RunInfo::endedAt).containsExactly("not_all_clear", false, end);

      store.reopenRun("r1", end.plusSeconds(60));
      assertThat(store.findRun("r1").orElseThrow()).extracting(RunInfo::state,
          RunInfo::allClear, RunInfo::endedAt).containsExactly("running", false, null);
      store.finishRun("r1", "done", true, end.plusSeconds(61));
      assertThat(store.findRun("r1").orElseThrow().allClear()).isTrue();

      assertThatThrownBy(() -> store.finishRun("nope", "done", true, end))
          .isInstanceOf(SteadyException.class).hasMessageContaining("nope");
      assertThatThrownBy(() -> store.createRun(run("r1", T0), List.of()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");
    }
  }

  @Test
  void fencedTransition_storedOnlyUnderTheHoldersEpoch_andATakeOverFencesTheOldControllerOut() {
    try (Store store = open()) {
      store.createRun(run("r1", T0), rows("r1", List.of("web-01", "web-02"), List.of("restart")));
      Instant alice = T0;
      assertThat(store.acquireLeases("r1", "alice", List.of("web-01", "web-02"), alice)).isEmpty();
      assertThat(store.transition("r1", "web-01", "restart", RowState.CONNECTING, null, null, false, alice, alice)).isTrue();

      Instant bob = T0.plus(store.leaseTtl()).plusSeconds(1);
      assertThat(store.takeOverLeases("r1", "bob", bob)).isEmpty();
      assertThat(store.leases()).extracting(Lease::acquiredAt).containsOnly(bob.truncatedTo(ChronoUnit.MILLIS));

      assertThat(store.transition("r1", "web-02", "restart", RowState.ACTING, null, "alice woke up", true, bob, alice))
          .as("alice's epoch no longer holds the lease").isFalse();
      assertThat(store.rows("r1")).filteredOn(r -> r.host().equals("web-02")).singleElement()
          .satisfies(r -> {
            assertThat(r.state()).isEqualTo(RowState.PENDING);
            assertThat(r.actions()).isZero();
            assertThat(r.message()).isNull();
          });
      assertThat(store.transition("r1", "web-02", "restart", RowState.ACTING, null, null, true, bob, bob)).isTrue();
      assertThatThrownBy(() -> store.transition("r1", "web-09", "restart", RowState.ACTING, null, null, true, bob, bob))
          .as("a row that does not exist is a bug, not a take-over").isInstanceOf(IllegalStateException.class);

      Instant again = bob.plusSeconds(5);
      assertThat(store.acquireLeases("r1", "bob", List.of("web-01", "web-02"), again)).isEmpty();
      assertThat(store.transition("r1", "web-02", "restart", RowState.DONE, 0, null, false, again, bob))
          .as("the run's own re-acquire starts a new epoch").isFalse();
      store.releaseLeases("r1");
      assertThat(store.transition("r1", "web-02", "restart", RowState.DONE, 0, null, false, again, again))
          .as("released: no controller may write").isFalse();
    }
  }

  @Test
  void actionFacts_startedEndedAndReopened_areStoredWithTheRow_fencedLikeEveryTransition() {
    try (Store store = open()) {
      store.createRun(run("r1", T0), rows("r1", List.of("web-01"), List.of("restart")));
      assertThat(store.acquireLeases("r1", "alice", List.of("web-01"), T0)).isEmpty();
      Instant t = T0.plusSeconds(1);

      assertThat(store.transition("r1", "web-01", "restart", RowState.ACTING, null, "starting", true, t, T0)).isTrue();
      RunRow acting = store.rows("r1").getFirst();
      assertThat(acting.actionInFlight()).as("started, no end recorded").isTrue();
      assertThat(acting.actionCompleted()).isFalse();
      assertThat(store.transition("r1", "web-01", "restart", RowState.CONNECTING, null, "resumed", false, t, T0)).isTrue();
      assertThat(store.rows("r1").getFirst().actionInFlight()).as("a later state does not lose it").isTrue();

      assertThat(store.actionEnded("r1", "web-01", "restart", RowState.VERIFYING, 0, "verifying", t, t))
          .as("another epoch: fenced out").isFalse();
      assertThat(store.rows("r1").getFirst().actionInFlight()).isTrue();
      assertThat(store.actionEnded("r1", "web-01", "restart", RowState.VERIFYING, 0, "verifying", t, T0)).isTrue();
      RunRow verifying = store.rows("r1").getFirst();
      assertThat(verifying).extracting(RunRow::state, RunRow::actions, RunRow::actionsEnded, RunRow::actionExit, RunRow::exitStatus)
          .containsExactly(RowState.VERIFYING, 1, 1, 0, 0);
      assertThat(verifying.actionCompleted()).isTrue();
      assertThat(store.transition("r1", "web-01", "restart", RowState.FAILED, null, "not healthy", false, t, T0)).isTrue();
      assertThat(store.rows("r1").getFirst().actionCompleted()).as("ended rows keep it too").isTrue();

      assertThat(store.reopenRow("r1", "web-01", "restart", "again", t)).as("fenced").isFalse();
      assertThat(store.reopenRow("r1", "web-01", "restart", "again", T0)).isTrue();
      RunRow reopened = store.rows("r1").getFirst();
      assertThat(reopened).extracting(RunRow::state, RunRow::actions, RunRow::actionsEnded, RunRow::actionExit, RunRow::exitStatus,
          RunRow::startedAt, RunRow::endedAt, RunRow::message)
          .containsExactly(RowState.PENDING, 1, 1, null, null, null, null, "again");
      assertThat(reopened.actionInFlight() || reopened.actionCompleted()).as("a fresh start").isFalse();
    }
  }

  @Test
  void timestamps_areStoredAsMillisecondUtcText() throws Exception {
    try (Store store = open()) {
      store.createRun(run("r1", T0), rows("r1", List.of("web-01"), List.of("restart")));
      store.transition("r1", "web-01", "restart", RowState.DONE, 0, null, true, T0);
    }
    try (Connection c = rawConnection("runs.db");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT r.started_at, w.started_at, w.ended_at"
            + " FROM runs r JOIN run_rows w ON w.run = r.id")) {
      assertThat(r.next()).isTrue();
      for (int i = 1; i <= 3; i++) {
        assertThat(r.getString(i)).isEqualTo("2025-03-01T10:00:00.123Z");
      }
    }
  }

  @Test
  void recentRuns_newestLast_evenWithinOneMillisecond() {
    try (Store store = open()) {
      store.createRun(run("b", T0.plusSeconds(10)), List.of());
      store.createRun(run("a", T0), List.of());
      store.createRun(run("c", T0.plusSeconds(10)), List.of());
      store.createRun(run("d", T0.plusSeconds(20)), List.of());

      assertThat(store.recentRuns(10)).extracting(RunInfo::id).containsExactly("a", "b", "c",
          "d");
      assertThat(store.recentRuns(2)).extracting(RunInfo::id).containsExactly("c", "d");
      assertThatThrownBy(() -> store.recentRuns(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void transitions_surviveCloseAndReopen() {
    try (Store store = open()) {
      store.createRun(run("r1", T0), rows("r1", List.of("web-01", "web-02"), List.of("restart")));
      store.transition("r1", "web-01", "restart", RowState.ACTING, null, null, true, T0);
      store.transition("r1", "web-01", "restart", RowState.DONE, 0, "ok", false, T0);
      store.transition("r1", "web-02", "restart", RowState.ACTING, null, null, true, T0);
      store.acquireLeases("r1", "alice", List.of("web-01", "web-02"), T0);
    }
    try (Store store = open()) {
      assertThat(store.rows("r1")).extracting(RunRow::host, RunRow::state, RunRow::actions)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("web-01", RowState.DONE, 1),
              org.assertj.core.groups.Tuple.tuple("web-02", RowState.ACTING, 1));
      assertThat(store.findRun("r1").orElseThrow().state()).isEqualTo("running");
      assertThat(store.leases()).extracting(Lease::host).containsExactly("web-01", "web-02");
    }
  }

  @Test
  void leases_overlappingRunIsRefusedWithTheHolder_disjointRunsBothHold_releaseFrees() {
    try (Store store = open()) {
      Instant t = T0.plusSeconds(1);
      assertThat(store.acquireLeases("r1", "alice", List.of("web-01", "web-02"), T0)).isEmpty();

      List<Lease> refused = store.acquireLeases("r2", "bob", List.of("web-03", "web-02",
          "web-01"), t);
      assertThat(refused).containsExactly(
          new Lease("web-02", "r1", "alice", T0.truncatedTo(ChronoUnit.MILLIS),
              T0.truncatedTo(ChronoUnit.MILLIS)),
          new Lease("web-01", "r1", "alice", T0.truncatedTo(ChronoUnit.MILLIS),
              T0.truncatedTo(ChronoUnit.MILLIS)));
      assertThat(store.leases()).as("all or none: web-03 was not taken").extracting(Lease::host)
          .containsExactlyInAnyOrder("web-01", "web-02");

      assertThat(store.acquireLeases("r3", "carol", List.of("web-03", "web-04"), t)).isEmpty();
      assertThat(store.acquireLeases("r1", "alice", List.of("web-01", "web-05", "web-05"), t))
          .as("a run's own leases count as taken").isEmpty();
      assertThat(store.acquireLeases("r1", "alice", List.of(), t)).isEmpty();
      assertThat(store.leases()).extracting(Lease::host, Lease::run).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("web-01", "r1"),
          org.assertj.core.groups.Tuple.tuple("web-02", "r1"),
          org.assertj.core.groups.Tuple.tuple("web-05", "r1"),
          org.assertj.core.groups.Tuple.tuple("web-03", "r3"),
          org.assertj.core.groups.Tuple.tuple("web-04", "r3"));

      store.releaseLeases("r1");
      assertThat(store.leases()).extracting(Lease::run).containsOnly("r3");
      assertThat(store.acquireLeases("r2", "bob", List.of("web-02", "web-01"), t)).isEmpty();
      assertThat(store.acquireLeases("r2", "bob", List.of("web-04"), t))
          .extracting(Lease::host, Lease::run, Lease::user)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("web-04", "r3", "carol"));
      store.releaseLeases("nobody");
      assertThat(store.leases()).hasSize(4);
    }
  }
}
