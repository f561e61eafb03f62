package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.plan.ResultTally;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status RUN} of an apply: its checklist (a row per host), per host the files deleted,
 * drifted and failed across every resume with the bytes deleted, and the verdict with what to do
 * next. The counts come from the plan's file results, the states from the run's rows.
 */
final class ApplyStatus {

  private ApplyStatus() {}

  static int print(Context ctx, RunInfo run, List<RunRow> rows, boolean full) throws Exception {
    String plan = run.plan();
    Map<String, ResultTally> tallies = new LinkedHashMap<>();
    rows.forEach(r -> tallies.put(r.host(), ctx.store().resultTally(plan, r.host())));
    if (ctx.json()) {
      Map<String, Object> json = Verdict.json(run, rows);
      json.put("plan", plan);
      json.put("hosts", rows.stream().map(r -> host(r, tallies.get(r.host()))).toList());
      ctx.out.println(new ObjectMapper().writeValueAsString(json));
    } else {
      ctx.out.println("apply of plan " + plan.substring(0, 12) + " on '" + Terminal.safe(run.target()) + "' by " + Terminal.safe(run.user())
          + ", started " + run.startedAt() + (run.endedAt() == null ? "" : ", ended " + run.endedAt()));
      Checklist.print(ctx, PlanCommand.inventoryOrNull(ctx), rows, full);
      Table table = new Table("HOST", "STATE", "DELETED", "DRIFTED", "FAILED", "FREED ON DISK", "APPARENT SIZE");
      rows.forEach(r -> {
        ResultTally t = tallies.get(r.host());
        table.row(List.of(Terminal.safe(r.host()), r.state().name(), Units.count(t.deleted()), Units.count(t.drifted()), Units.count(t.failed()),
            Units.bytes(t.deletedAllocated()), Units.bytes(t.deletedBytes())));
      });
      ctx.out.println();
      table.print(ctx.out);
    }
    long deleted = tallies.values().stream().mapToLong(ResultTally::deleted).sum();
    long bytes = tallies.values().stream().mapToLong(ResultTally::deletedBytes).sum();
    long onDisk = tallies.values().stream().mapToLong(ResultTally::deletedAllocated).sum();
    String totals = "deleted " + Units.count(deleted) + " files, freed " + ApplyCommand.freed(onDisk, bytes) + "; " + Verdict.counts(rows) + " (run " + run.id()
        + ", plan " + plan.substring(0, 12) + ", " + run.state() + ")";
    ctx.human().println(run.allClear() ? ctx.terminal.green("ALL DONE: " + totals) : ctx.terminal.red("NOT ALL-CLEAR: " + totals));
    Verdict.nextSteps(ctx, run, rows);
    if (!run.allClear() && rows.stream().noneMatch(r -> r.state() == RowState.PENDING)) {
      ctx.human().println("  every drifted or failed file and its reason: steady audit log --run " + run.id() + " -n 1000");
    }
    return run.allClear() ? ExitStatus.DONE : ExitStatus.NOT_ALL_CLEAR;
  }

  private static Map<String, Object> host(RunRow r, ResultTally t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.host());
    m.put("state", r.state().name());
    m.put("deleted", t.deleted());
    m.put("drifted", t.drifted());
    m.put("failed", t.failed());
    m.put("bytes_freed", t.deletedAllocated());
    m.put("bytes_deleted", t.deletedBytes());
    m.put("message", r.message());
    return m;
  }
}
