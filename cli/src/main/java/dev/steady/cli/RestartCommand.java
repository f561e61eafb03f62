package dev.steady.cli;

import dev.steady.approval.Approvals;
import dev.steady.check.Check;
import dev.steady.check.Checks;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.run.RateControl;
import dev.steady.run.RestartSpec;
import dev.steady.run.RowState;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady restart TARGET --start CMD --verify CHECK}. */
@Command(name = "restart", sortOptions = false, description = {
    "Bring an application back on a fleet as one checklist: per host, prove identity, run the optional",
    "precheck, run the start command, then retry the verification until it passes or the deadline",
    "passes. A row is DONE only when verified; ALL-CLEAR is computed from the rows, never declared.",
    "Hosts are leased to the run: a second run on the same hosts is refused until this one ends.",
    "Ctrl-C starts no new row, lets running ones finish, and leaves a run `steady resume` continues.",
    "",
    "CHECK is one of: cmd:COMMAND (exit 0), nagios:PLUGIN ARGS (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN;",
    "a bare PLUGIN is looked up in /usr/lib/nagios/plugins, /usr/lib64/nagios/plugins, /usr/local/nagios/libexec,",
    "then PATH; --warning-ok accepts WARNING), tcp:PORT or tcp:HOST:PORT (from the host), http://URL [status=200]",
    "[contains=TEXT] (from the host). A check that cannot judge (UNKNOWN, command not found, exit 126/127) fails",
    "at once instead of being retried until the deadline; a failed row carries the check's exit status.",
    "",
    "Four eyes: with --require-approval, or when a targeted host's env is listed in STEADY_REQUIRE_APPROVAL,",
    "the run is created with its hosts leased and nothing is run; a second engineer approves it with",
    "`steady approve RUN`, then `steady resume RUN` starts it.",
    ""},
    footer = {"", "Example:",
        "  steady restart app --start 'systemctl start myapp' --verify 'http://127.0.0.1:8080/health contains=UP' \\",
        "      --precheck 'cmd:! systemctl is-active -q myapp' --concurrency 5 --max-errors 1",
        "", "Exit status: 0 ALL-CLEAR, or run created and awaiting approval (nothing ran; --json state",
        "awaiting_approval); 4 NOT ALL-CLEAR; 3 refused (hosts held by another run); 2 bad input."})
final class RestartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "Hosts to restart on.")
  String target;

  @Option(names = "--start", required = true, paramLabel = "CMD", description = "The start command, run by each host's shell.")
  String start;

  @Option(names = "--verify", required = true, paramLabel = "CHECK", description = "What proves the host healthy again.")
  String verify;

  @Option(names = "--warning-ok", description = "A Nagios check (nagios:PLUGIN …) also passes on WARNING (exit 1); CRITICAL never does.")
  boolean warningOk;

  @Option(names = "--precheck", paramLabel = "CHECK", description = "Must pass before the start runs on a host (else the row is SKIPPED).")
  String precheck;

  @Option(names = "--verify-timeout", paramLabel = "DUR", defaultValue = "2m", converter = Units.PositiveDurationConverter.class,
      description = "How long to retry --verify (default ${DEFAULT-VALUE}).")
  Duration verifyTimeout;

  @Option(names = "--interval", paramLabel = "DUR", defaultValue = "2s", converter = Units.PositiveDurationConverter.class,
      description = "Pause between verify attempts (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "10m", converter = Units.PositiveDurationConverter.class,
      description = "How long the start command may run (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @picocli.CommandLine.Mixin BecomeOptions become;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", converter = Units.ConcurrencyConverter.class, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0",
      description = "When more than N rows failed or were refused, no new row starts (default ${DEFAULT-VALUE}).")
  int maxErrors;

  @Option(names = "--order", paramLabel = "ORDER", defaultValue = "inventory", description = "inventory or reverse (default ${DEFAULT-VALUE}).")
  String order;

  @Option(names = "--batch", paramLabel = "N|N%", description = "Work in batches of N hosts (or N%% of them); the next batch starts when one ends.")
  String batch;

  @Option(names = "--pause-between", paramLabel = "DUR", converter = Units.DurationConverter.class, description = "Pause between batches.")
  Duration pauseBetween;

  @Option(names = "--require-approval", description = "Create the run, run nothing: a second engineer approves it, then `steady resume`.")
  boolean requireApproval;

  @Override
  public Integer call() throws Exception {
    RateControl rate = rate();
    Check verifyCheck = Checks.parse(verify, "--verify", warningOk);
    Check precheckCheck = precheck == null ? null : Checks.parse(precheck, "--precheck", warningOk);
    RestartSpec restart = new RestartSpec(precheckCheck, start, verifyCheck, verifyTimeout, interval, timeout);
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = become.apply(ctx.select(target));
      RunEngine engine = new RunEngine(ctx.transport(become), ctx.store(), ctx.audit(), Clock.systemUTC(),
          dev.steady.audit.AuditLog.currentActor());
      if (Approvals.required(requireApproval, hosts)) {
        return awaiting(ctx, engine.restartAwaitingApproval(target, hosts, restart, rate));
      }
      List<RunRow> pending = hosts.stream().map(h -> new RunRow("", h.name(), "restart", hosts.indexOf(h), RowState.PENDING, null, null,
          null, 0, null)).toList();
      return Interruptible.run(engine, () -> engine.restart(target, hosts, restart, rate, new Checklist(ctx, ctx.inventory(), pending)),
          run -> report(ctx, run));
    }
  }

  static int report(Context ctx, RunInfo run) throws Exception {
    List<RunRow> rows = ctx.store().rows(run.id());
    if (ctx.json()) {
      ctx.out.println(Verdict.jsonText(run, rows));
    }
    Verdict.print(ctx, run, rows);
    return run.allClear() ? ExitStatus.DONE : ExitStatus.NOT_ALL_CLEAR;
  }

  /** A run created for approval: nothing ran; say so, and what the two engineers do next. */
  static int awaiting(Context ctx, RunInfo run) throws Exception {
    List<RunRow> rows = ctx.store().rows(run.id());
    if (ctx.json()) {
      ctx.out.println(Verdict.jsonText(run, rows));
    }
    long hosts = rows.stream().map(RunRow::host).distinct().count();
    ctx.human().println(ctx.terminal.amber("AWAITING APPROVAL") + ": run " + run.id() + " on " + hosts + " host(s) was created and nothing"
        + " was run; its hosts are leased to it.");
    ctx.human().println("  a second engineer approves it: steady approve " + run.id() + " --user NAME");
    ctx.human().println("  then it starts with: steady resume " + run.id());
    return ExitStatus.DONE;
  }

  private RateControl rate() {
    if (maxErrors < 0) {
      throw SteadyException.badInput("--max-errors must not be negative, got " + maxErrors);
    }
    if (!order.equals("inventory") && !order.equals("reverse")) {
      throw SteadyException.badInput("--order must be inventory or reverse, got '" + order + "'");
    }
    if (batch != null && !batch.matches("[1-9][0-9]*%?") || batch != null && batch.endsWith("%") && Integer.parseInt(batch.replace("%", "")) > 100) {
      throw SteadyException.badInput("--batch must be a number of hosts or a percentage (e.g. 5 or 20%), got '" + batch + "'");
    }
    return new RateControl(concurrency, maxErrors, order.equals("reverse"), batch, pauseBetween);
  }
}
