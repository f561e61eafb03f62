package dev.steady.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A command an operator can run next on a run that is not all-clear, exactly as typed, with what it
 * does: the terminal summary, {@code steady status RUN} and the console give the same advice.
 *
 * @param label what the command does, e.g. "continue with"
 * @param command the command line, e.g. {@code steady resume r-1a2b3c4d --retry-failed}
 */
public record NextStep(String label, String command) {

  /** The next steps for {@code run} with {@code rows}; empty when it is all-clear, running or awaiting approval. */
  public static List<NextStep> of(RunInfo run, List<RunRow> rows) {
    List<NextStep> steps = new ArrayList<>();
    if (run.allClear() || "running".equals(run.state()) || RunEngine.AWAITING_APPROVAL.equals(run.state())) {
      return steps;
    }
    if (run.plan() != null) {
      // an apply: its files' results say what is left, and only an interrupted one has anything left to do
      if ("interrupted".equals(run.state())) {
        steps.add(new NextStep("continue the interrupted apply (files already handled are not touched again) with",
            "steady apply " + run.plan().substring(0, 12) + " --resume"));
      }
      return steps;
    }
    String resume = "steady resume " + run.id();
    // not_all_clear with rows left open: more rows failed than --max-errors allows, and a plain resume would stop again at once
    if (rows.stream().anyMatch(r -> !r.state().terminal()) && !"not_all_clear".equals(run.state())) {
      steps.add(new NextStep("continue with", resume));
    }
    long failed = rows.stream().filter(r -> r.state() == RowState.FAILED).count();
    if (failed > 0) {
      steps.add(new NextStep("after fixing the cause, run the " + failed + " failed row(s) again (same identity checks) with",
          resume + " --retry-failed"));
    }
    List<RunRow> unknown = UnknownRows.of(rows);
    if (!unknown.isEmpty()) {
      steps.add(new NextStep(unknown.size() + " row(s) may have acted before an interruption and no check proved them healthy ("
          + UnknownRows.names(unknown) + "); after looking at the host(s), run them again with",
          resume + " --rerun-unknown " + UnknownRows.token(run.id(), rows)));
      steps.add(new NextStep("or leave them not run (SKIPPED, not all-clear) with", resume + " --skip-unknown"));
    }
    return steps;
  }
}
