package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Inventory;
import dev.steady.cleanup.Applier;
import dev.steady.plan.ApplyReport;
import dev.steady.plan.ApplyRequest;
import dev.steady.plan.Drift;
import dev.steady.plan.HostApplied;
import dev.steady.plan.Plan;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady apply PLAN [--confirm TOKEN]}. */
@Command(name = "apply", sortOptions = false, description = {
    "Apply a plan exactly: delete the files it lists and nothing else. Criteria are not evaluated again.",
    "On each host the identity is checked on the acting connection, then a file is deleted only if it",
    "is still the reviewed file: a regular file with the planned size, mtime and inode, no symbolic",
    "link on its path, inside the plan's root. Anything else is skipped and reported as drifted.",
    "",
    "On a terminal you type the plan's confirmation token; in scripts pass --confirm TOKEN (the token is",
    "shown only by the review). Refused, nothing deleted (exit 3): expired plan (default 1 h), a plan",
    "already applied or being applied, a wrong or missing token, a plan still waiting for a second",
    "engineer's approval (`steady approve PLAN`; see `steady cleanup plan --require-approval`).",
    ""},
    footer = {"", "Exit status: 0 every planned file deleted; 4 some file drifted or failed, or a host was refused,",
        "unreachable or interrupted, or the store failed mid-way (see the report and its last line; `--resume` continues an",
        "interrupted apply); 3 refused (also: another apply or resume of this plan is running); 2 bad input."})
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN", description = "Plan id or a unique prefix of at least 8 characters.")
  String plan;

  @Option(names = "--confirm", paramLabel = "TOKEN", description = "The plan's confirmation token (for scripts).")
  String confirm;

  @Option(names = "--resume", description = "Continue an apply of this plan that was interrupted; files already handled are not touched again.")
  boolean resume;

  @picocli.CommandLine.Mixin BecomeOptions become;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", converter = Units.ConcurrencyConverter.class, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      Inventory inventory = ctx.inventory();
      Applier applier = new Applier(ctx.transport(become), ctx.store(), ctx.audit(), Clock.systemUTC(),
          name -> become.apply(inventory.host(name)));
      Plan p = applier.check(plan, resume);
      String token = confirm != null ? confirm : ask(ctx, p);
      ProgressBar bar = new ProgressBar(ctx, p);
      return Interruptible.run("no further file is sent for deletion; the results so far are being stored (continue later with"
          + " `steady apply " + p.id().substring(0, 12) + " --resume`)", applier::stop,
          () -> applier.apply(new ApplyRequest(p.id(), token, resume, concurrency), bar), report -> {
            bar.clear();
            if (ctx.json()) {
              ctx.out.println(new ObjectMapper().writeValueAsString(json(report)));
            } else {
              print(ctx, report);
            }
            if (report.stopped() != null) {
              ctx.err.println("steady: " + Errors.oneLine(report.stopped()));
            }
            // A store failure is exit 4, like a dropped link: the apply ran, is not all-clear, and is resumable.
            return report.allClear() ? ExitStatus.DONE : ExitStatus.NOT_ALL_CLEAR;
          });
    }
  }

  private static String ask(Context ctx, Plan p) {
    String hosts = String.join(", ", p.hosts().stream().map(h -> ctx.inventory().host(h.name()).map(ctx.terminal::host)
        .orElse(Terminal.safe(h.name()))).toList());
    String summary = Units.count(p.count()) + " files, " + Units.bytes(p.bytes()) + " on " + hosts;
    if (!Terminal.interactive()) {
      throw SteadyException.refused("no terminal to confirm on and no --confirm; nothing was deleted; review the plan with `steady plan show "
          + p.id().substring(0, 12) + "`, then pass --confirm with the token it shows");
    }
    ctx.err.println("About to delete " + ctx.terminal.bold(summary) + " (plan " + p.id().substring(0, 12) + ").");
    String typed = System.console().readLine("Type the confirmation token from the review: ");
    return typed == null ? "" : typed.strip();
  }

  private static void print(Context ctx, ApplyReport report) {
    Terminal t = ctx.terminal;
    for (HostApplied h : report.hosts()) {
      String state = h.clean() ? t.green("done") : t.red(h.state().toUpperCase());
      ctx.out.println(t.bold("── ") + Terminal.safe(h.name()) + t.bold(" ── ") + state + " · deleted " + Units.count(h.deleted()) + " files, freed "
          + freed(h.spaceFreed(), h.bytesFreed()) + (h.freeBytesAfter() >= 0 ? " · free now " + Units.bytes(h.freeBytesAfter()) : ""));
      if (!h.message().isEmpty()) {
        ctx.out.println("   " + t.red(Terminal.safe(h.message())));
      }
      if (!h.spaceNote().isEmpty()) {
        ctx.out.println("   " + t.amber(Terminal.safe(h.spaceNote())));
      }
      printDrifts(ctx, "drifted (not deleted)", h.drifted(), h.driftedCount());
      printDrifts(ctx, "failed to delete", h.failed(), h.failedCount());
    }
    String line = (report.allClear() ? "ALL DONE" : "NOT ALL-CLEAR") + ": deleted " + Units.count(report.deleted()) + " files, freed "
        + freed(report.spaceFreed(), report.bytesFreed()) + " (plan " + report.plan().id().substring(0, 12) + ", run " + report.run() + ")";
    ctx.out.println(report.allClear() ? t.green(line) : t.red(line));
  }

  /**
   * What deleting freed: the disk space the files took ({@code st_blocks}), and their apparent size
   * when it differs (sparse files free far less than their size says).
   */
  static String freed(long onDisk, long apparent) {
    String disk = Units.bytes(onDisk);
    return disk + " on disk" + (disk.equals(Units.bytes(apparent)) ? "" : " (apparent size " + Units.bytes(apparent) + ")");
  }

  private static void printDrifts(Context ctx, String what, List<Drift> drifts, long total) {
    if (total == 0) {
      return;
    }
    ctx.out.println("   " + Units.count(total) + " " + what + ":");
    drifts.stream().limit(20).forEach(d -> ctx.out.println("     " + Terminal.safe(d.path()) + ": " + Terminal.safe(d.reason())));
    if (total > 20) {
      ctx.out.println("     … and " + Units.count(total - 20) + " more (`steady audit log --run PLAN` lists every one)");
    }
  }

  private static Map<String, Object> json(ApplyReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plan", report.plan().id());
    m.put("run", report.run());
    m.put("state", report.state());
    m.put("stopped", report.stopped());
    m.put("hosts", report.hosts().stream().map(h -> {
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("name", h.name());
      host.put("state", h.state());
      host.put("deleted", h.deleted());
      host.put("drifted", h.drifted().stream().map(d -> Map.of("path", d.path(), "reason", d.reason())).toList());
      host.put("drifted_count", h.driftedCount());
      host.put("failed", h.failed().stream().map(d -> Map.of("path", d.path(), "reason", d.reason())).toList());
      host.put("failed_count", h.failedCount());
      host.put("bytes_freed", h.spaceFreed());
      host.put("bytes_deleted", h.bytesFreed());
      host.put("free_bytes_before", h.freeBytesBefore());
      host.put("free_bytes_after", h.freeBytesAfter());
      host.put("space_not_released", h.spaceNotReleased());
      host.put("message", h.message());
      return host;
    }).toList());
    return m;
  }
}
