package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.run.Lease;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady status [RUN]}. */
@Command(name = "status", description = {"Without RUN: the recent runs (restarts, runbooks, applies), newest last. With RUN: its checklist and",
    "whether it is all-clear; for an apply, per host what was deleted, drifted or failed.", ""},
    footer = {"", "Exit status with RUN: 0 all-clear; 4 not all-clear; 2 unknown run."})
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "A run id (r-…) or a unique prefix of it.")
  String run;

  @Option(names = "--full", description = "Every row's whole message, not cut to the terminal's width.")
  boolean full;

  @Option(names = {"-n", "--limit"}, converter = Units.CountConverter.class, defaultValue = "20", description = "How many runs to list (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      if (run == null) {
        return list(ctx);
      }
      RunInfo info = ctx.run(run);
      List<RunRow> rows = ctx.store().rows(info.id());
      if (info.plan() != null) {
        return ApplyStatus.print(ctx, info, rows, full);
      }
      if (!ctx.json()) {
        Checklist.print(ctx, PlanCommand.inventoryOrNull(ctx), rows, full);
      }
      int status = RestartCommand.report(ctx, info);
      holder(ctx, info).ifPresent(ctx.human()::println);
      return status;
    }
  }

  /**
   * Who holds the run's hosts, for a team on one store: a live controller (heartbeat within the
   * lease TTL), a stopped run (parked: resumable at once), a controller that died on this machine
   * (resume takes it over at once), or a controller gone silent (resume takes it over once the TTL
   * has passed).
   */
  static Optional<String> holder(Context ctx, RunInfo info) {
    List<Lease> leases = ctx.store().leases().stream().filter(l -> l.run().equals(info.id())).toList();
    if (leases.isEmpty()) {
      return Optional.empty();
    }
    Lease last = leases.stream().max(Comparator.comparing(Lease::heartbeatAt)).orElseThrow();
    String hosts = leases.size() + " host(s) held by this run";
    if (last.parked()) {
      return Optional.of(hosts + " (stopped; `steady resume " + info.id() + "` continues it)");
    }
    Duration ago = Duration.between(last.heartbeatAt(), Instant.now());
    String who = Terminal.safe(last.user());
    if (leases.stream().allMatch(Lease::controllerGone)) {
      return Optional.of(hosts + ", last driven by " + who + " (" + Terminal.safe(last.controller().describe()) + ", which is gone):"
          + " its controller died; `steady resume " + info.id() + "` takes it over at once");
    }
    if (ago.compareTo(ctx.store().leaseTtl()) <= 0) {
      return Optional.of(hosts + ", driven by " + who + " (heartbeat " + Math.max(0, ago.toSeconds()) + " s ago)");
    }
    return Optional.of(hosts + ", last driven by " + who + " (no heartbeat for " + ago.toSeconds() + " s, longer than STEADY_LEASE_TTL):"
        + " its controller is gone; `steady resume " + info.id() + "` takes it over");
  }

  private int list(Context ctx) throws Exception {
    List<RunInfo> runs = ctx.store().recentRuns(limit);
    if (ctx.json()) {
      ctx.out.println(new ObjectMapper().writeValueAsString(Map.of("runs", runs.stream().map(StatusCommand::json).toList())));
      return ExitStatus.DONE;
    }
    Table table = new Table("RUN", "KIND", "STATE", "ALL-CLEAR", "USER", "TARGET", "STARTED", "ENDED");
    for (RunInfo r : runs) {
      table.row(List.of(r.id(), r.kind(), r.state(), r.allClear() ? ctx.terminal.green("yes") : ctx.terminal.red("no"), Terminal.safe(r.user()),
          Terminal.safe(r.target()), String.valueOf(r.startedAt()), r.endedAt() == null ? "-" : r.endedAt().toString()));
    }
    table.print(ctx.out);
    return ExitStatus.DONE;
  }

  private static Map<String, Object> json(RunInfo r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("kind", r.kind());
    m.put("state", r.state());
    m.put("all_clear", r.allClear());
    m.put("user", r.user());
    m.put("target", r.target());
    m.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
    m.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
    return m;
  }
}
