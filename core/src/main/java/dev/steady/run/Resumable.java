package dev.steady.run;

import dev.steady.approval.ApprovalStorage;
import dev.steady.approval.Approvals;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a run can be resumed now, and if not why: the checks {@link RunEngine#resume} makes before
 * it acts, as a query, so a front end shows a disabled Resume with its reason instead of offering it
 * and then refusing. Resume itself refuses with these very reasons.
 */
public final class Resumable {

  private Resumable() {}

  /**
   * Why a plain resume of {@code run} (no decision on its ended rows) would not go ahead at {@code
   * now}, or empty when it would: unknown run, a kind resume does not continue, a second engineer's
   * approval still missing, nothing left to run, or a controller that still drives it.
   */
  public static Optional<String> whyNot(RunStorage storage, String run, Instant now) {
    Optional<RunInfo> info = storage.findRun(run);
    if (info.isEmpty()) {
      return Optional.of(noRun(run));
    }
    return wrongKind(info.get())
        .or(() -> storage instanceof ApprovalStorage kept ? Approvals.waiting(kept, Approvals.run(run)) : Optional.empty())
        .or(() -> nothingLeft(info.get(), storage.rows(run)))
        .or(() -> RunLeases.drivenElsewhere(storage, run, now));
  }

  static String noRun(String run) {
    return "no run '" + run + "' in this store; `steady status` lists the runs";
  }

  static Optional<String> wrongKind(RunInfo info) {
    if (info.plan() != null) {
      String plan = info.plan().substring(0, 12);
      return Optional.of("run " + info.id() + " is the apply of plan " + plan + "; continue an interrupted apply with `steady apply "
          + plan + " --resume`");
    }
    boolean resumable = "restart".equals(info.kind()) || "runbook".equals(info.kind());
    return resumable ? Optional.empty() : Optional.of("run " + info.id() + " is a " + info.kind() + " run; resume it with the command that made it");
  }

  /**
   * Why a run whose rows have all ended has nothing to resume (a run still "running" with every row
   * ended lost its controller before it stored its end: resume finishes it). Rows whose outcome is
   * unknown wait for an operator's decision ({@link NextStep}).
   */
  static Optional<String> nothingLeft(RunInfo info, List<RunRow> rows) {
    String run = info.id();
    if (!rows.stream().allMatch(r -> r.state().terminal()) || "running".equals(info.state())) {
      return Optional.empty();
    }
    List<RunRow> unknown = UnknownRows.of(rows);
    if (!unknown.isEmpty()) {
      return Optional.of("run " + run + " waits for a decision on " + unknown.size() + " row(s) whose outcome is unknown ("
          + UnknownRows.names(unknown) + "): `steady resume " + run + " --rerun-unknown " + UnknownRows.token(run, rows)
          + "` after looking at the host(s), or `--skip-unknown`");
    }
    return Optional.of("run " + run + " has no unfinished row (state " + info.state() + "); nothing to resume"
        + (rows.stream().anyMatch(r -> r.state() == RowState.FAILED) ? "; after fixing the cause, `steady resume " + run
        + " --retry-failed` runs its failed rows again" : ""));
  }
}
