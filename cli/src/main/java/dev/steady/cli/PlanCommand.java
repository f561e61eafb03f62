package dev.steady.cli;

import dev.steady.inventory.Inventory;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.plan.PlanState;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady plan show|list}. */
@Command(name = "plan", description = {"Review stored plans again.", ""}, subcommands = {PlanCommand.Show.class, PlanCommand.ListPlans.class})
final class PlanCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: show or list");
  }

  /** {@code steady plan show PLAN [--files]}. */
  @Command(name = "show", description = {"Print a plan's review again: per host counts, bytes, free space, oldest/newest, largest files,",
      "what was left out and why, guard notes, the id and the confirmation token.", ""})
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN", description = "Plan id or a unique prefix of at least 8 characters.")
    String plan;

    @Option(names = "--files", description = "List every file of the plan.")
    boolean files;

    @Override
    public Integer call() throws Exception {
      try (Context ctx = Context.of(spec)) {
        Plan p = ctx.store().findPlan(plan).orElseThrow(() -> dev.steady.failure.SteadyException.badInput("no plan '" + plan
            + "' in this store; `steady plan list` shows the recent plans"));
        if (ctx.json()) {
          // no token for a plan that can no longer be applied: expired, applied, or being applied by someone
          PlanJson.write(Review.applicable(ctx, p) ? p : p.withId(p.id(), null), ctx.store(), ctx.store().draftOf(p.id()), files,
              Review.stateJson(ctx, p), ctx.out);
          ctx.out.println();
          return ExitStatus.DONE;
        }
        new Review(ctx, inventoryOrNull(ctx)).print(p, files);
        return ExitStatus.DONE;
      }
    }
  }

  /** {@code steady plan list}. */
  @Command(name = "list", description = {"The most recent plans, newest last.", ""})
  static final class ListPlans implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-n", "--limit"}, converter = Units.CountConverter.class, defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      try (Context ctx = Context.of(spec)) {
        List<Plan> plans = ctx.store().recentPlans(limit);
        Table table = new Table("PLAN", "CREATED", "STATE", "TARGET", "FILES", "BYTES", "AUTHOR");
        for (Plan p : plans) {
          table.row(List.of(p.id().substring(0, 12), Review.when(p.createdAt().getEpochSecond() * 1_000_000_000L),
              ctx.store().planState(p.id()).state() + (p.expiredAt(java.time.Instant.now()) ? " (expired)" : ""),
              Terminal.safe(p.target()), Units.count(p.count()), Units.bytes(p.bytes()), Terminal.safe(p.author())));
        }
        table.print(ctx.out);
        return ExitStatus.DONE;
      }
    }
  }

  static Inventory inventoryOrNull(Context ctx) {
    try {
      return ctx.inventory();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
