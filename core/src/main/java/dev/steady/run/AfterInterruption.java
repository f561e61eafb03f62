package dev.steady.run;

import dev.steady.check.CheckResult;

/**
 * A command step whose row says its action may already have run, found by a resume (invariant 5,
 * "exactly once"): the command is never started again here. When its end was recorded with exit 0
 * it is verified with the step's full deadline (DONE or FAILED); when its end was not recorded, a
 * passing check makes it DONE, and otherwise — or when the step has no check — it becomes UNKNOWN,
 * for an operator to decide ({@code steady resume RUN --rerun-unknown TOKEN} or {@code
 * --skip-unknown}).
 */
final class AfterInterruption {

  private final StepWork work;
  private final StepAction.Command command;
  private final RunRow stored;

  AfterInterruption(StepWork work, StepAction.Command command, RunRow stored) {
    this.work = work;
    this.command = command;
    this.stored = stored;
  }

  RowState settle() {
    String what = command.label();
    Integer exit = stored.actionExit();
    if (stored.actionCompleted() && exit != 0) {
      return work.end(RowState.FAILED, exit, what + " had exited " + exit + " before the interruption; not repeated");
    }
    String before = stored.actionCompleted()
        ? what + " had completed (exit 0) before the interruption"
        : what + " may have run before the interruption (its end was not recorded)";
    if (command.verify() == null) {
      return stored.actionCompleted()
          ? work.end(RowState.DONE, exit, before + "; not repeated")
          : unknown(before + " and the step has no check that could tell");
    }
    work.move(RowState.VERIFYING, null, "resumed: " + before + "; verifying, not starting it again: "
        + command.verify().describe(), false);
    CheckResult verified = work.waitHealthy(command);
    String within = StepWork.unhealthy(command, verified);
    if (verified.passed()) {
      return work.end(RowState.DONE, exit, "verified: " + verified.message() + " (" + before + "; not repeated)");
    }
    return stored.actionCompleted()
        ? work.end(RowState.FAILED, verified.exitStatus(), before + " and was not repeated; " + within)
        : unknown(before + "; " + within);
  }

  private RowState unknown(String why) {
    return work.end(RowState.UNKNOWN, null, why + "; not run again without an operator's decision: `steady status " + work.run()
        + "` shows how");
  }
}
