package dev.steady.cleanup;

import dev.steady.plan.Bytes;
import dev.steady.plan.HostApplied;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.ResultTally;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.run.RunStorage;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An apply recorded as a run (kind {@value RunInfo#APPLY}, one row per host, step {@value #STEP}),
 * so the run id apply prints leads somewhere: {@code status}, the console's runs and the audit
 * commands know it. A host's row goes CONNECTING, IDENTIFIED, ACTING, then DONE (every planned file
 * deleted), FAILED (files drifted or failed, the host unreachable), REFUSED (identity), or back to
 * PENDING when the apply was interrupted there (resumable). The files' own results stay with the
 * plan; a row says what they add up to. Rows are display state: an apply resumes from the files'
 * results, never from its rows.
 */
final class ApplyRun {

  static final String STEP = "delete";

  private final RunStorage runs;
  private final Clock clock;
  private final String run;

  private ApplyRun(RunStorage runs, Clock clock, String run) {
    this.runs = runs;
    this.clock = clock;
    this.run = run;
  }

  /** Creates the run of a fresh apply, or marks the run of a resumed one running again (creating it for an apply made before applies were runs). */
  static ApplyRun open(RunStorage runs, Clock clock, Plan plan, String run, String user) {
    if (runs.findRun(run).isEmpty()) {
      List<HostPlan> hosts = plan.hosts();
      List<RunRow> rows = IntStream.range(0, hosts.size()).mapToObj(i -> new RunRow(run, hosts.get(i).name(), STEP, i, RowState.PENDING,
          null, null, null, 0, null)).toList();
      runs.createRun(new RunInfo(run, RunInfo.APPLY, "running", false, user, plan.target(), clock.instant(), null,
          RunInfo.applySpec(plan.id())), rows);
    } else {
      runs.reopenRun(run, clock.instant());
    }
    return new ApplyRun(runs, clock, run);
  }

  void move(String host, RowState state, String message) {
    runs.transition(run, host, STEP, state, null, message, state == RowState.ACTING, clock.instant());
  }

  /** The host's row once its part of the apply ended; {@code total} counts every resume's results. */
  void ended(HostApplied h, ResultTally total) {
    RowState state = switch (h.state()) {
      case "done" -> RowState.DONE;
      case "refused" -> RowState.REFUSED;
      case "interrupted" -> RowState.PENDING;
      default -> RowState.FAILED;
    };
    runs.transition(run, h.name(), STEP, state, null, message(h, total), false, clock.instant());
  }

  /** The run's end: done (all-clear), not_all_clear, or interrupted (resumable with {@code apply --resume}). */
  void finish(boolean finished, boolean allClear) {
    runs.finishRun(run, allClear ? "done" : finished ? "not_all_clear" : "interrupted", allClear, clock.instant());
  }

  /** What a host's row says: what was deleted and freed, what was not and why, free space after. */
  static String message(HostApplied h, ResultTally total) {
    StringBuilder m = new StringBuilder();
    if (h.state().equals("refused") || h.state().equals("unreachable")) {
      return h.message();
    }
    m.append("deleted ").append(total.deleted()).append(" files, freed ").append(Bytes.human(total.deletedAllocated())).append(" on disk");
    if (!Bytes.human(total.deletedAllocated()).equals(Bytes.human(total.deletedBytes()))) {
      m.append(" (apparent size ").append(Bytes.human(total.deletedBytes())).append(')');
    }
    if (total.drifted() + total.failed() > 0) {
      m.append("; not deleted: ").append(total.drifted()).append(" drifted, ").append(total.failed()).append(" failed");
    }
    if (h.freeBytesAfter() >= 0) {
      m.append("; free now ").append(Bytes.human(h.freeBytesAfter()));
    }
    if (h.spaceNotReleased() > 0) {
      m.append("; ").append(h.spaceNote());
    }
    if (!h.message().isEmpty()) {
      m.append("; ").append(h.message());
    }
    return m.toString();
  }
}
