package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.approval.Approval;
import dev.steady.approval.Approvals;
import dev.steady.inventory.Inventory;
import dev.steady.run.NextStep;
import dev.steady.run.RowState;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunListener;
import dev.steady.run.RunRow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checklist on a terminal: one row per host in inventory order, redrawn in place as rows change;
 * plain appended lines when stdout is not a terminal; the summary with ALL-CLEAR or NOT ALL-CLEAR.
 */
final class Checklist implements RunListener {

  private final Context ctx;
  private final Inventory inventory;
  private final Map<String, RunRow> rows = new LinkedHashMap<>();
  private final boolean live;
  private int drawn;

  Checklist(Context ctx, Inventory inventory, List<RunRow> initial) {
    this.ctx = ctx;
    this.inventory = inventory;
    initial.stream().sorted((a, b) -> Integer.compare(a.position(), b.position())).forEach(r -> rows.put(key(r), r));
    int height = parse(System.getenv("LINES"), 50);
    this.live = ctx.terminal.color() && !ctx.json() && rows.size() + 2 < height;
    if (live) {
      draw();
    }
  }

  @Override
  public synchronized void rowChanged(RunRow row) {
    rows.put(key(row), row);
    if (live) {
      draw();
    } else if (!ctx.json()) {
      ctx.human().println(line(row));
    }
  }

  /** The store went away or came back, or another controller took the run over: one line on stderr. */
  @Override
  public synchronized void notice(String message) {
    ctx.err.println("steady: " + Terminal.safe(message));
    ctx.err.flush();
    if (live) {
      drawn = 0; // the notice pushed the table up: draw it afresh below
    }
  }

  /** One line per (host, step): a runbook's steps of one host are separate rows. */
  private static String key(RunRow r) {
    return r.host() + '\u0000' + r.step();
  }

  private void draw() {
    StringBuilder b = new StringBuilder();
    if (drawn > 0) {
      b.append("\u001b[").append(drawn).append('F');
    }
    for (RunRow r : rows.values()) {
      b.append("\u001b[2K").append(line(r)).append('\n');
    }
    drawn = rows.size();
    ctx.out.print(b);
    ctx.out.flush();
  }

  private String line(RunRow r) {
    Terminal t = ctx.terminal;
    String host = inventory == null ? Terminal.safe(r.host()) : inventory.host(r.host()).map(t::host).orElse(Terminal.safe(r.host()));
    String pad = " ".repeat(Math.max(1, 12 - r.host().length()));
    String state = String.format("%-10s", r.state());
    state = switch (r.state()) {
      case DONE -> t.green(state);
      case FAILED, REFUSED, UNKNOWN -> t.red(state);
      case SKIPPED, PENDING -> t.dim(state);
      default -> t.amber(state);
    };
    return host + pad + Terminal.safe(r.step()) + "  " + state + " " + String.format("%6s", elapsed(r)) + "  "
        + Terminal.safe(r.message() == null ? "" : r.message());
  }

  private static String elapsed(RunRow r) {
    if (r.startedAt() == null) {
      return "";
    }
    Instant end = r.endedAt() != null ? r.endedAt() : Instant.now();
    return String.format("%.1fs", Duration.between(r.startedAt(), end).toMillis() / 1000.0);
  }

  /** The summary line and the hosts that need attention. */
  static void summary(Context ctx, RunInfo run, List<RunRow> rows) {
    Terminal t = ctx.terminal;
    long done = rows.stream().filter(r -> r.state() == RowState.DONE).count();
    String counts = done + "/" + rows.size() + " done";
    for (RowState s : List.of(RowState.FAILED, RowState.REFUSED, RowState.UNKNOWN, RowState.SKIPPED, RowState.PENDING)) {
      long n = rows.stream().filter(r -> r.state() == s).count();
      if (n > 0) {
        counts += ", " + n + " " + s.name().toLowerCase();
      }
    }
    if (run.allClear()) {
      ctx.human().println(t.green("ALL-CLEAR: " + counts + " (run " + run.id() + ")"));
      return;
    }
    if (RunEngine.AWAITING_APPROVAL.equals(run.state())) {
      awaitingApproval(ctx, run, counts);
      return;
    }
    ctx.human().println(t.red("NOT ALL-CLEAR: " + counts + " (run " + run.id() + ", " + run.state() + ")"));
    rows.stream().filter(r -> r.state() != RowState.DONE).forEach(r -> ctx.human().println("  needs attention: " + Terminal.safe(r.host())
        + " " + r.state() + (r.message() == null ? "" : ": " + Terminal.safe(r.message()))));
    nextSteps(ctx, run, rows);
  }

  /** The exact commands that move a run that is not all-clear on, one a line. */
  static void nextSteps(Context ctx, RunInfo run, List<RunRow> rows) {
    for (NextStep step : NextStep.of(run, rows)) {
      ctx.human().println("  " + Terminal.safe(step.label()) + ": " + Terminal.safe(step.command()));
    }
  }

  private static void awaitingApproval(Context ctx, RunInfo run, String counts) {
    Terminal t = ctx.terminal;
    Optional<Approval> approval = ctx.store().approval(Approvals.run(run.id()));
    ctx.human().println(t.amber("AWAITING APPROVAL: " + counts + " (run " + run.id() + "); nothing has run yet"));
    if (approval.isPresent() && approval.get().granted()) {
      ctx.human().println("  approved by " + Terminal.safe(approval.get().approver()) + " at " + approval.get().approvedAt()
          + "; start it with: steady resume " + run.id());
    } else {
      ctx.human().println("  a second engineer approves it: steady approve " + run.id() + " --user NAME; then: steady resume " + run.id());
    }
  }

  /** DESIGN.md §6: {"id", "state", "all_clear", "rows": [...]}. */
  static String json(RunInfo run, List<RunRow> rows) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", run.id());
    m.put("kind", run.kind());
    m.put("state", run.state());
    m.put("all_clear", run.allClear());
    m.put("next", NextStep.of(run, rows).stream().map(NextStep::command).toList());
    m.put("rows", rows.stream().map(r -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("host", r.host());
      row.put("step", r.step());
      row.put("state", r.state().name());
      row.put("exit_status", r.exitStatus());
      row.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
      row.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
      row.put("actions", r.actions());
      row.put("message", r.message());
      return row;
    }).toList());
    return new ObjectMapper().writeValueAsString(m);
  }

  private static int parse(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
