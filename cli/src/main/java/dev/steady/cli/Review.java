package dev.steady.cli;

import dev.steady.approval.Approval;
import dev.steady.approval.Approvals;
import dev.steady.inventory.Host;
import dev.steady.inventory.Inventory;
import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.ResultTally;
import dev.steady.run.RunInfo;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The review of a plan as a tired engineer reads it: per host, what goes, what stays and why. */
final class Review {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
  private final Context ctx;
  private final Inventory inventory;

  Review(Context ctx, Inventory inventory) {
    this.ctx = ctx;
    this.inventory = inventory;
  }

  void print(Plan plan, boolean allFiles) {
    PrintStream out = ctx.out;
    Terminal t = ctx.terminal;
    for (HostPlan h : plan.hosts()) {
      Optional<Host> host = inventory == null ? Optional.empty() : inventory.host(h.name());
      String name = host.map(t::host).orElse(Terminal.safe(h.name()));
      String env = host.map(t::env).orElse("");
      out.println(t.bold("── ") + name + " " + env + t.bold(" ── ") + Terminal.safe(h.root()) + "/");
      out.println("   delete " + t.bold(Units.count(h.count()) + " files, " + Units.bytes(h.bytes())) + " of " + Units.count(h.totalFiles())
          + " files under the root");
      out.println("   free space " + Units.bytes(h.freeBytes()) + " of " + Units.bytes(h.fsBytes()) + " now → about "
          + Units.bytes(h.freeBytes() + h.spaceOnDisk()) + " after");
      if (h.allocatedBytes() >= 0 && !Units.bytes(h.allocatedBytes()).equals(Units.bytes(h.bytes()))) {
        out.println("   on disk the files take " + Units.bytes(h.allocatedBytes()) + " (apparent size " + Units.bytes(h.bytes()) + ")"
            + (h.allocatedBytes() < h.bytes() / 2 ? ": sparse files free less than their size" : ""));
      }
      if (h.count() > 0) {
        out.println("   mtime oldest " + when(h.oldestMtimeNanos()) + ", newest " + when(h.newestMtimeNanos()));
        out.println("   largest:");
        h.largest().forEach(f -> out.println("     " + String.format("%10s", Units.bytes(f.size())) + "  " + relative(h, f)));
        if (!allFiles) {
          out.println("   first in walk order:");
          h.sample().forEach(f -> out.println("     " + String.format("%10s", Units.bytes(f.size())) + "  " + when(f.mtimeNanos()) + "  "
              + relative(h, f)));
        }
      }
      if (allFiles) {
        out.println("   every file:");
        ctx.store().forEachFile(ctx.store().draftOf(plan.id()), h.name(), f -> out.println("     " + line(f.file())));
      }
      if (!h.excluded().isEmpty()) {
        out.println("   left out: " + join(h.excluded()));
      }
      if (!h.skipped().isEmpty()) {
        out.println("   skipped: " + join(h.skipped()));
      }
      h.notes().forEach(n -> out.println("   note: " + Terminal.safe(n)));
    }
    out.println();
    PlanState state = ctx.store().planState(plan.id());
    Optional<RunInfo> run = state.run() == null ? Optional.empty() : ctx.store().findRun(state.run());
    out.println("Plan " + t.bold(plan.id().substring(0, 12)) + " (" + plan.id() + ")");
    String made = "  " + Units.count(plan.count()) + " files, " + Units.bytes(plan.bytes()) + " on " + plan.hosts().size() + " host(s), by "
        + Terminal.safe(plan.author());
    plan.guards().forEach(g -> out.println("  guard: " + Terminal.safe(g)));
    if (PlanState.PLANNED.equals(state.state())) {
      out.println(made + "; expires " + WHEN.format(plan.expiresAt()) + " (" + left(plan.expiresAt()) + ")");
      if (plan.expiredAt(Instant.now())) {
        out.println("Nothing has been deleted. The plan expired and can no longer be applied: plan again, so the review shows the files as"
            + " they are now.");
        return;
      }
      out.println("  confirmation token: " + t.bold(plan.confirmToken()));
      approvalLines(ctx, plan).forEach(out::println);
      boolean waiting = ctx.store().approval(Approvals.plan(plan.id())).filter(a -> !a.granted()).isPresent();
      out.println("Nothing has been deleted. " + (waiting ? "Once approved" : "After reviewing") + ", run: steady apply "
          + plan.id().substring(0, 12));
      return;
    }
    out.println(made);
    approvalLines(ctx, plan).forEach(out::println);
    outcome(plan, state, run);
  }

  /** How an applied (or applying, or interrupted) plan fared: who applied it, when, its run, and per host what was deleted. */
  private void outcome(Plan plan, PlanState state, Optional<RunInfo> run) {
    PrintStream out = ctx.out;
    Terminal t = ctx.terminal;
    String fate = fate(state, run);
    out.println(t.bold(fate.toUpperCase(Locale.ROOT)) + run.map(r -> " by " + Terminal.safe(r.user()) + ", started " + r.startedAt()
        + (r.endedAt() == null ? "" : ", ended " + r.endedAt())).orElse(" since " + state.changedAt()) + " (run " + state.run() + ")");
    for (HostPlan h : plan.hosts()) {
      ResultTally done = ctx.store().resultTally(plan.id(), h.name());
      String row = run.isEmpty() ? "" : ctx.store().rows(state.run()).stream().filter(r -> r.host().equals(h.name())).findFirst()
          .map(r -> r.state().name() + (r.message() == null ? "" : ": " + Terminal.safe(r.message()))).orElse("");
      out.println("  " + Terminal.safe(h.name()) + ": deleted " + Units.count(done.deleted()) + " of " + Units.count(h.count()) + " files ("
          + Units.bytes(done.deletedBytes()) + "), " + Units.count(done.drifted()) + " drifted, " + Units.count(done.failed()) + " failed"
          + (row.isEmpty() ? "" : " — " + row));
    }
    if (fate.equals("interrupted")) {
      out.println("  confirmation token: " + t.bold(plan.confirmToken()));
      out.println("Continue it with: steady apply " + plan.id().substring(0, 12) + " --resume (files already handled are not touched again)");
    } else if (fate.equals("applied")) {
      out.println("A plan is applied once: make a new plan to delete more. `steady status " + state.run() + "` has the apply's checklist.");
    } else {
      out.println("Being applied now; `steady status " + state.run() + "` follows it.");
    }
  }

  /** True when the plan can still be applied: planned and not expired, or an interrupted apply to continue. */
  static boolean applicable(Context ctx, Plan plan) {
    PlanState state = ctx.store().planState(plan.id());
    if (PlanState.PLANNED.equals(state.state())) {
      return !plan.expiredAt(Instant.now());
    }
    Optional<RunInfo> run = state.run() == null ? Optional.empty() : ctx.store().findRun(state.run());
    return fate(state, run).equals("interrupted");
  }

  /** applied, applying (a controller drives it) or interrupted (resumable with --resume). */
  static String fate(PlanState state, Optional<RunInfo> run) {
    if (PlanState.APPLIED.equals(state.state())) {
      return "applied";
    }
    return run.map(r -> "running".equals(r.state()) ? "applying" : "interrupted").orElse("applying");
  }

  /**
   * What changed since the plan was sealed, for {@code --json} beside the plan: {@code "state"}
   * (planned, applying, applied), {@code "expired"}, and {@code "approval"} (null when none is
   * required; else {@code "pending"} or {@code "approved"}, who asked, who approved and when).
   */
  static Map<String, Object> stateJson(Context ctx, Plan plan) {
    Map<String, Object> state = new HashMap<>();
    PlanState planState = ctx.store().planState(plan.id());
    state.put("state", planState.state());
    Optional<RunInfo> run = planState.run() == null ? Optional.empty() : ctx.store().findRun(planState.run());
    state.put("run", planState.run());
    state.put("applied_by", run.map(RunInfo::user).orElse(null));
    state.put("apply_state", PlanState.PLANNED.equals(planState.state()) ? null : fate(planState, run));
    state.put("expired", plan.expiredAt(Instant.now()));
    Optional<Approval> approval = ctx.store().approval(Approvals.plan(plan.id()));
    state.put("approval", approval.map(a -> {
      Map<String, Object> m = new HashMap<>();
      m.put("state", a.granted() ? "approved" : "pending");
      m.put("requested_by", a.author());
      m.put("requested_at", a.requestedAt().toString());
      m.put("approved_by", a.approver());
      m.put("approved_at", a.approvedAt() == null ? null : a.approvedAt().toString());
      return (Object) m;
    }).orElse(null));
    return state;
  }

  /** The plan's four-eyes state, when it requires approval: pending, or approved by whom and when. */
  static List<String> approvalLines(Context ctx, Plan plan) {
    Optional<Approval> approval = ctx.store().approval(Approvals.plan(plan.id()));
    if (approval.isEmpty()) {
      return List.of();
    }
    Approval a = approval.get();
    Terminal t = ctx.terminal;
    if (a.granted()) {
      return List.of("  approval: " + t.green("approved") + " by " + Terminal.safe(a.approver()) + " at " + a.approvedAt());
    }
    return List.of("  approval: " + t.red("PENDING") + " (requested by " + Terminal.safe(a.author()) + " at " + a.requestedAt() + ")",
        "  needs approval by a second engineer before apply: steady approve " + plan.id().substring(0, 12));
  }

  /** A file's path below the host's root (the header shows the root), escaped for the terminal. */
  private static String relative(HostPlan h, FileEntry f) {
    String path = f.displayPath();
    String prefix = h.root().endsWith("/") ? h.root() : h.root() + "/";
    return Terminal.safe(path.startsWith(prefix) ? path.substring(prefix.length()) : path);
  }

  private static String line(FileEntry f) {
    return String.format("%12d  %s  %s", f.size(), when(f.mtimeNanos()), Terminal.safe(f.displayPath()));
  }

  private static String join(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(Units.count(e.getValue())).append(' ').append(Terminal.safe(e.getKey()));
    });
    return b.toString();
  }

  static String when(long nanos) {
    return WHEN.format(Instant.ofEpochSecond(0, nanos));
  }

  private static String left(Instant expires) {
    Duration d = Duration.between(Instant.now(), expires);
    if (d.isNegative()) {
      return "EXPIRED";
    }
    return "in " + (d.toHours() > 0 ? d.toHours() + "h " : "") + d.toMinutesPart() + "m";
  }
}
