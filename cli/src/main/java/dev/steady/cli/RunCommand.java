package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.approval.Approvals;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.run.Condition;
import dev.steady.run.Gatekeeper;
import dev.steady.run.PlannedStep;
import dev.steady.run.RunEngine;
import dev.steady.run.Runbook;
import dev.steady.run.RunbookPlan;
import dev.steady.run.StepAction;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady run RUNBOOK.yaml [TARGET] [--dry-run]}. */
@Command(name = "run", sortOptions = false, description = {
    "Plan and execute a runbook: ordered steps (run a command, check, gate) over a target, one checklist",
    "row per (host, step). Each host's steps run in order on one identity-checked connection; a failed",
    "step skips the rest of that host. Variables ({{ host }}, {{ address }}, {{ env }}, {{ vars.NAME }})",
    "are substituted per host when planning, each value as one quoted shell word. A gate pauses the",
    "whole run until the operator types its word; without a terminal, pass --confirm-gates with the",
    "token --dry-run shows. Ctrl-C starts no new host and leaves a run `steady resume` continues.",
    "",
    "Four eyes: with --require-approval, or when a targeted host's env is listed in STEADY_REQUIRE_APPROVAL,",
    "the run is created with its hosts leased and nothing is run; a second engineer approves it with",
    "`steady approve RUN`, then `steady resume RUN` starts it.", ""},
    footer = {"", "Example runbook:",
        "  target: app",
        "  rate: {concurrency: 5, max_errors: 1, batch: 20%%, pause_between: 10s}",
        "  steps:",
        "    - name: start",
        "      run: systemctl start {{ vars.service }}",
        "      unless: cmd:systemctl is-active -q {{ vars.service }}",
        "      timeout: 2m",
        "      retries: 1",
        "    - name: healthy",
        "      check: http://127.0.0.1:8080/health contains=UP",
        "      deadline: 2m",
        "    - gate: look at the dashboard, then type go",
        "", "Exit status: 0 ALL-CLEAR (or dry run shown, or run created and awaiting approval); 4 NOT ALL-CLEAR;",
        "3 refused; 2 bad input."})
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook YAML file.")
  Path runbook;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "Hosts to run on, instead of the runbook's target.")
  String target;

  @picocli.CommandLine.Mixin BecomeOptions become;

  @Option(names = "--dry-run", description = "Show every command per host, and the gate token; execute nothing.")
  boolean dryRun;

  @Option(names = "--confirm-gates", paramLabel = "TOKEN", description = "Pass the gates without a terminal: the token --dry-run shows.")
  String confirmGates;

  @Option(names = "--require-approval", description = "Create the run, run nothing: a second engineer approves it, then `steady resume`.")
  boolean requireApproval;

  @Override
  public Integer call() throws Exception {
    Runbook book = Runbook.load(runbook);
    String where = target != null ? target : book.target();
    if (where == null || where.isBlank()) {
      throw SteadyException.badInput(runbook + " has no 'target:'; add one, or give it: steady run " + runbook + " TARGET");
    }
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = become.apply(ctx.select(where));
      RunbookPlan plan = book.plan(where, hosts);
      if (dryRun) {
        return dryRun(ctx, plan);
      }
      RunEngine engine = new RunEngine(ctx.transport(become), ctx.store(), ctx.audit(), Clock.systemUTC(),
          dev.steady.audit.AuditLog.currentActor());
      if (Approvals.required(requireApproval, hosts)) {
        return RestartCommand.awaiting(ctx, engine.runAwaitingApproval(plan, hosts));
      }
      Checklist table = new Checklist(ctx, ctx.inventory(), List.of());
      Gatekeeper gates = gates(ctx, plan, table);
      return Interruptible.run(engine, () -> engine.run(plan, hosts, table, gates), run -> RestartCommand.report(ctx, run));
    }
  }

  private Gatekeeper gates(Context ctx, RunbookPlan plan, Checklist table) {
    if (!plan.hasGates()) {
      return Gatekeeper.NONE;
    }
    if (confirmGates != null || !Terminal.interactive() || ctx.json()) {
      return Gatekeeper.byToken(plan, confirmGates);
    }
    return Gatekeeper.typed(prompt -> table.ask(prompt));
  }

  private int dryRun(Context ctx, RunbookPlan plan) throws Exception {
    if (ctx.json()) {
      ctx.out.println(new ObjectMapper().writeValueAsString(json(plan)));
    } else {
      ctx.out.println("runbook " + Terminal.safe(plan.name()) + " (" + Terminal.safe(plan.file()) + ") on '" + Terminal.safe(plan.target())
          + "': " + plan.stepsOfAnyHost().size() + " steps on " + plan.hosts().size() + " hosts; concurrency " + plan.rate().concurrency()
          + ", max errors " + plan.rate().maxErrors() + (plan.rate().reverse() ? ", reverse order" : "")
          + (plan.rate().batch() == null ? "" : ", batches of " + plan.rate().batch()));
      Terminal t = ctx.terminal;
      plan.hosts().forEach((host, steps) -> {
        ctx.out.println(ctx.inventory().host(host).map(t::host).orElse(Terminal.safe(host)));
        for (int i = 0; i < steps.size(); i++) {
          ctx.out.println("  " + (i + 1) + ". " + Terminal.safe(steps.get(i).name()) + ": " + Terminal.safe(describe(steps.get(i))));
        }
      });
    }
    ctx.human().println("DRY RUN: nothing was executed on any host.");
    if (plan.hasGates()) {
      ctx.human().println("Gates: typed at the terminal; a script passes them with --confirm-gates " + plan.gateToken());
    }
    return ExitStatus.DONE;
  }

  static String describe(PlannedStep step) {
    String what = switch (step.action()) {
      case StepAction.Command c -> "run " + c.command() + "  [timeout " + c.timeout().toSeconds() + "s"
          + (c.retries() > 0 ? ", retries " + c.retries() : "") + (c.verify() == null ? "" : ", then until "
          + c.deadline().toSeconds() + "s: " + c.verify().describe()) + "]";
      case StepAction.Verify v -> "check " + v.check().describe() + (v.deadline() != null ? "  [until " + v.deadline().toSeconds() + "s]"
          : v.retries() > 0 ? "  [retries " + v.retries() + "]" : "");
      case StepAction.Gate g -> "gate \"" + g.prompt() + "\" (type '" + g.word() + "')";
    };
    StringBuilder conditions = new StringBuilder();
    for (Condition c : step.conditions()) {
      conditions.append(c.kind().word()).append(' ').append(c.check().spec()).append(": ");
    }
    return conditions + what;
  }

  private static Map<String, Object> json(RunbookPlan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dry_run", true);
    m.put("name", plan.name());
    m.put("file", plan.file());
    m.put("target", plan.target());
    m.put("gate_token", plan.hasGates() ? plan.gateToken() : null);
    List<Object> hosts = new ArrayList<>();
    plan.hosts().forEach((host, steps) -> hosts.add(Map.of("name", host, "steps", steps.stream().map(RunCommand::json).toList())));
    m.put("hosts", hosts);
    return m;
  }

  private static Map<String, Object> json(PlannedStep step) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", step.name());
    switch (step.action()) {
      case StepAction.Command c -> m.put("run", c.command());
      case StepAction.Verify v -> m.put("check", v.check().spec());
      case StepAction.Gate g -> m.put("gate", g.prompt());
    }
    step.conditions().forEach(c -> m.put(c.kind().word(), c.check().spec()));
    m.put("describe", describe(step));
    return m;
  }
}
