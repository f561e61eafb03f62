package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.approval.Approval;
import dev.steady.approval.Approvals;
import dev.steady.run.NextStep;
import dev.steady.run.RowState;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet-wide verdict under a checklist: ALL-CLEAR or NOT ALL-CLEAR with the count of rows in
 * each state, the first hosts that need attention (worst first, then "and M more"), and the exact
 * commands that move the run on, as core computes them ({@link NextStep}: the same advice as
 * {@code status --json}'s {@code "next"} and the console).
 */
final class Verdict {

  /** How many rows needing attention the summary names before "and M more". */
  static final int ATTENTION = 10;

  private static final List<RowState> WORST_FIRST = List.of(RowState.FAILED, RowState.REFUSED, RowState.UNKNOWN, RowState.SKIPPED,
      RowState.PENDING, RowState.CONNECTING, RowState.IDENTIFIED, RowState.ACTING, RowState.VERIFYING);

  private Verdict() {}

  /** "7/10 done, 2 failed, 1 unknown": the rows per state, done first. */
  static String counts(List<RunRow> rows) {
    long done = rows.stream().filter(r -> r.state() == RowState.DONE).count();
    StringBuilder counts = new StringBuilder(done + "/" + rows.size() + " done");
    for (RowState s : WORST_FIRST) {
      long n = rows.stream().filter(r -> r.state() == s).count();
      if (n > 0) {
        counts.append(", ").append(n).append(' ').append(s.name().toLowerCase());
      }
    }
    return counts.toString();
  }

  /** The summary lines and the next commands. */
  static void print(Context ctx, RunInfo run, List<RunRow> rows) {
    Terminal t = ctx.terminal;
    String counts = counts(rows);
    if (run.allClear()) {
      ctx.human().println(t.green("ALL-CLEAR: " + counts + " (run " + run.id() + ")"));
      return;
    }
    if (RunEngine.AWAITING_APPROVAL.equals(run.state())) {
      awaitingApproval(ctx, run, counts);
      return;
    }
    ctx.human().println(t.red("NOT ALL-CLEAR: " + counts + " (run " + run.id() + ", " + run.state() + ")"));
    int width = ctx.terminal.live() && !ctx.json() ? ctx.terminal.size().columns() - 1 : Integer.MAX_VALUE;
    List<RunRow> attention = rows.stream().filter(r -> r.state() != RowState.DONE)
        .sorted(Comparator.comparingInt((RunRow r) -> WORST_FIRST.indexOf(r.state())).thenComparingInt(RunRow::position)).toList();
    attention.stream().limit(ATTENTION).forEach(r -> ctx.human().println(Width.fit("  needs attention: " + Terminal.safe(r.host())
        + " " + r.state() + (r.message() == null ? "" : ": " + Terminal.safe(r.message())), width)));
    if (attention.size() > ATTENTION) {
      ctx.human().println("  … and " + (attention.size() - ATTENTION) + " more need attention; `steady status " + run.id()
          + " --full` lists every row");
    }
    nextSteps(ctx, run, rows);
  }

  /** The exact commands that move a run that is not all-clear on, one a line. */
  static void nextSteps(Context ctx, RunInfo run, List<RunRow> rows) {
    for (NextStep step : NextStep.of(run, rows)) {
      ctx.human().println("  " + Terminal.safe(step.label()) + ": " + Terminal.safe(step.command()));
    }
  }

  private static void awaitingApproval(Context ctx, RunInfo run, String counts) {
    Terminal t = ctx.terminal;
    Optional<Approval> approval = ctx.store().approval(Approvals.run(run.id()));
    ctx.human().println(t.amber("AWAITING APPROVAL: " + counts + " (run " + run.id() + "); nothing has run yet"));
    if (approval.isPresent() && approval.get().granted()) {
      ctx.human().println("  approved by " + Terminal.safe(approval.get().approver()) + " at " + approval.get().approvedAt()
          + "; start it with: steady resume " + run.id());
    } else {
      ctx.human().println("  a second engineer approves it: steady approve " + run.id() + " --user NAME; then: steady resume " + run.id());
    }
  }

  /** DESIGN.md §6: {"id", "kind", "state", "all_clear", "next", "rows": [...]}. */
  static Map<String, Object> json(RunInfo run, List<RunRow> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", run.id());
    m.put("kind", run.kind());
    m.put("state", run.state());
    m.put("all_clear", run.allClear());
    m.put("next", NextStep.of(run, rows).stream().map(NextStep::command).toList());
    m.put("rows", rows.stream().map(r -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("host", r.host());
      row.put("step", r.step());
      row.put("state", r.state().name());
      row.put("exit_status", r.exitStatus());
      row.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
      row.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
      row.put("actions", r.actions());
      row.put("message", r.message());
      return row;
    }).toList());
    return m;
  }

  static String jsonText(RunInfo run, List<RunRow> rows) throws Exception {
    return new ObjectMapper().writeValueAsString(json(run, rows));
  }
}
