package dev.steady.cli;

import dev.steady.run.RunEngine;
import dev.steady.transport.TransportOptions;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady resume RUN}. */
@Command(name = "resume", description = {
    "Continue a run that was interrupted (Ctrl-C, a killed controller) or stopped by --max-errors. Rows",
    "that ended stay as they are: a completed row's action is never run again. A row caught while",
    "acting is verified first and its action repeated only if the host is not healthy. A runbook's gate",
    "asks for its word again on a terminal; without one the run stops at the gate, resumable.",
    "A run made with --require-approval starts here, once a second engineer ran `steady approve RUN`;",
    "until then resume is refused and nothing runs.",
    "A run whose controller died (kill -9, a lost laptop) is taken over once that controller's last",
    "heartbeat is older than STEADY_LEASE_TTL (default 2m); until then resume is refused, naming who",
    "still drives it. A run stopped with Ctrl-C or at a gate can be resumed at once.", ""},
    footer = {"", "Exit status: 0 all-clear; 4 not all-clear; 3 refused (awaiting approval, still driven by another",
        "controller, or hosts held by another run); 2 unknown run."})
final class ResumeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id (r-…), as `steady status` lists it.")
  String run;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      RunEngine engine = new RunEngine(ctx.transport(TransportOptions.defaults()), ctx.store(), ctx.audit(), Clock.systemUTC(),
          dev.steady.audit.AuditLog.currentActor());
      Checklist table = new Checklist(ctx, ctx.inventory(), ctx.store().rows(run));
      dev.steady.run.Gatekeeper gates = Terminal.interactive() && !ctx.json()
          ? dev.steady.run.Gatekeeper.typed(prompt -> System.console().readLine("%s%n> ", prompt))
          : dev.steady.run.Gatekeeper.NONE;
      return Interruptible.run(engine, () -> engine.resume(run, ctx.inventory()::host, table, gates), info -> RestartCommand.report(ctx, info));
    }
  }
}
