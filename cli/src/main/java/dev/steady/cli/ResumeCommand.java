package dev.steady.cli;

import dev.steady.run.ResumeChoice;
import dev.steady.run.RunEngine;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady resume RUN}. */
@Command(name = "resume", sortOptions = false, description = {
    "Continue a run that was interrupted (Ctrl-C, a killed controller) or stopped by --max-errors. Rows",
    "that ended stay as they are. A row whose action may have run before the interruption is never",
    "started again: with a check it is verified for the step's full deadline (healthy: DONE; else FAILED",
    "if the action had completed, UNKNOWN if its end was not recorded); without a check it is UNKNOWN.",
    "Rows left FAILED or UNKNOWN wait for your decision, each audited:",
    "  --retry-failed         after a fix, run the FAILED rows again (and the rows skipped after them)",
    "  --rerun-unknown TOKEN  run the UNKNOWN rows again; TOKEN (shown by `steady status RUN`) names them",
    "  --skip-unknown         leave the UNKNOWN rows not run, SKIPPED (the run stays not all-clear)",
    "A runbook's gate asks for its word again on a terminal; without one the run stops at the gate.",
    "A run made with --require-approval starts here once a second engineer ran `steady approve RUN`.",
    "A killed controller's run is taken over at once when that controller ran on this machine and its",
    "process is gone; one on another machine, once its last heartbeat is older than STEADY_LEASE_TTL",
    "(default 15s). Until then resume is refused, naming who still drives it. A run stopped with Ctrl-C",
    "or at a gate can be resumed at once.", ""},
    footer = {"", "Exit status: 0 all-clear; 4 not all-clear (rows failed, refused, skipped or UNKNOWN); 3 refused",
        "(awaiting approval, still driven by another controller, hosts held by another run, a --rerun-unknown",
        "token that does not name the UNKNOWN rows); 2 unknown run."})
final class ResumeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id (r-…), as `steady status` lists it, or a unique prefix of it.")
  String run;

  @picocli.CommandLine.Mixin BecomeOptions become;

  @Option(names = "--retry-failed", description = "After a fix: run the FAILED rows again, with the rows skipped after them.")
  boolean retryFailed;

  @Option(names = "--rerun-unknown", paramLabel = "TOKEN", description = "Run the UNKNOWN rows again; TOKEN names exactly them.")
  String rerunUnknown;

  @Option(names = "--skip-unknown", description = "Leave the UNKNOWN rows not run: SKIPPED, never all-clear.")
  boolean skipUnknown;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      RunEngine engine = new RunEngine(ctx.transport(become), ctx.store(), ctx.audit(), Clock.systemUTC(),
          dev.steady.audit.AuditLog.currentActor());
      String run = ctx.run(this.run).id();
      Checklist table = new Checklist(ctx, ctx.inventory(), ctx.store().rows(run));
      dev.steady.run.Gatekeeper gates = Terminal.interactive() && !ctx.json()
          ? dev.steady.run.Gatekeeper.typed(prompt -> table.ask(prompt))
          : dev.steady.run.Gatekeeper.NONE;
      ResumeChoice choice = new ResumeChoice(retryFailed, rerunUnknown, skipUnknown);
      return Interruptible.run(engine, () -> engine.resume(run, name -> become.apply(ctx.inventory().host(name)), table, gates, choice),
          info -> RestartCommand.report(ctx, info));
    }
  }
}
