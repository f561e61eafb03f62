package dev.steady.cli;

import dev.steady.approval.Approvals;
import dev.steady.inventory.Host;
import dev.steady.plan.Criteria;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.plan.PlanListener;
import dev.steady.plan.PlanRequest;
import dev.steady.cleanup.Planner;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady cleanup plan TARGET --path DIR [criteria…]}. */
@Command(name = "plan", sortOptions = false, description = {
    "Build a deletion plan: on each host (identity checked first) the criteria are evaluated by GNU find",
    "under --path, on one filesystem, never following a symbolic link. The matching files — path, size,",
    "mtime, inode — are frozen in a plan whose id is the SHA-256 of its content. Nothing is deleted:",
    "review what is printed, then `steady apply PLAN` deletes exactly that list, and only files that",
    "are still the reviewed ones.",
    "",
    "Refused (exit 3, nothing planned): a protected --path (/, /etc, /usr, /var/lib, … or above them),",
    "no selection criteria, a plan taking every file or more than 90%% of the files under --path",
    "(unless --allow-all), totals more than 25%% off --expect-count / --expect-bytes.",
    "",
    "Four eyes: with --require-approval, or when a targeted host's env is listed in STEADY_REQUIRE_APPROVAL",
    "(e.g. production,staging), the plan cannot be applied until a second engineer runs `steady approve`.",
    ""},
    footer = {"", "Example: the two weeks of large files a full disk needs gone",
        "  steady cleanup plan web-03 --path /srv/app/logs --newer-than 14d --min-size 100M --expect-count 40",
        "", "Exit status: 0 planned; 2 bad input; 3 refused by a guard or a host's identity."})
final class CleanupPlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "Hosts to plan on.")
  String target;

  @Option(names = "--path", required = true, paramLabel = "DIR", description = "The directory to clean (same absolute path on every host).")
  String path;

  @Option(names = "--older-than", paramLabel = "DUR", converter = Units.DurationConverter.class, description = "Only files last modified at least DUR ago (e.g. 14d, 6h).")
  Duration olderThan;

  @Option(names = "--newer-than", paramLabel = "DUR", converter = Units.DurationConverter.class, description = "Only files modified within the last DUR.")
  Duration newerThan;

  @Option(names = "--min-size", paramLabel = "SIZE", converter = Units.LongSizeConverter.class, description = "Only files of at least SIZE (e.g. 10M, 2G).")
  Long minSize;

  @Option(names = "--max-size", paramLabel = "SIZE", converter = Units.LongSizeConverter.class, description = "Only files of at most SIZE.")
  Long maxSize;

  @Option(names = "--name", paramLabel = "GLOB", description = "Only files whose name matches GLOB (repeatable; quote it: '*.log').")
  List<String> names = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Never files whose name matches GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--max-depth", paramLabel = "N", description = "Descend at most N levels (1 = files directly in --path).")
  Integer maxDepth;

  @Option(names = "--expect-count", paramLabel = "N", description = "How many files you expect; refused if the plan is more than 25%% off.")
  Long expectCount;

  @Option(names = "--expect-bytes", paramLabel = "SIZE", converter = Units.LongSizeConverter.class, description = "How many bytes you expect; refused if more than 25%% off.")
  Long expectBytes;

  @Option(names = "--require-backup", paramLabel = "DIR",
      description = "Keep out (and list) every file without a copy of equal size at DIR/<its path under --path>, on the same host.")
  String requireBackup;

  @Option(names = "--verify-checksum", description = "With --require-backup, the copy must also have the same SHA-256.")
  boolean verifyChecksum;

  @Option(names = "--allow-all", description = "Allow a plan that takes every file (or more than 90%%) under --path.")
  boolean allowAll;

  @Option(names = "--ttl", paramLabel = "DUR", defaultValue = "1h", converter = Units.PositiveDurationConverter.class, description = "How long the plan may be applied (default ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the whole plan, every file included, as JSON to FILE.")
  Path output;

  @Option(names = "--files", description = "List every file in the review, not just the largest and a sample.")
  boolean allFiles;

  @picocli.CommandLine.Mixin BecomeOptions become;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", converter = Units.ConcurrencyConverter.class, description = "Hosts listed at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--require-approval", description = "A second engineer must approve the plan (`steady approve`) before it can be applied.")
  boolean requireApproval;

  @Override
  public Integer call() throws Exception {
    if (maxDepth != null && maxDepth < 1) {
      throw dev.steady.failure.SteadyException.badInput("--max-depth must be at least 1, got " + maxDepth);
    }
    if (verifyChecksum && requireBackup == null) {
      throw dev.steady.failure.SteadyException.badInput("--verify-checksum needs --require-backup DIR");
    }
    Criteria criteria = new Criteria(olderThan, newerThan, minSize, maxSize, names, excludes, maxDepth, expectCount, expectBytes,
        requireBackup, verifyChecksum, allowAll);
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = become.apply(ctx.select(target));
      Planner planner = new Planner(ctx.transport(become), ctx.store(), ctx.audit(), Clock.systemUTC(),
          dev.steady.audit.AuditLog.currentActor());
      Plan plan = planner.plan(new PlanRequest(target, hosts, path, criteria, ttl, concurrency), new Progress(ctx));
      if (Approvals.required(requireApproval, hosts)) {
        new Approvals(ctx.store(), ctx.audit(), Clock.systemUTC()).require(Approvals.plan(plan.id()), plan.author());
      }
      if (output != null) {
        try (OutputStream out = Files.newOutputStream(output)) {
          PlanJson.write(plan, ctx.store(), ctx.store().draftOf(plan.id()), true, out);
        }
      }
      if (ctx.json()) {
        PlanJson.write(plan, ctx.store(), ctx.store().draftOf(plan.id()), allFiles, Review.stateJson(ctx, plan), ctx.out);
        ctx.out.println();
        ctx.out.flush();
        Review.approvalLines(ctx, plan).forEach(ctx.err::println);
      } else {
        new Review(ctx, ctx.inventory()).print(plan, allFiles);
      }
      return ExitStatus.DONE;
    }
  }

  /** Counts files while hosts are listed, on a terminal only. */
  private static final class Progress implements PlanListener {
    private final Context ctx;

    Progress(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public void listing(Host host, long files) {
      if (ctx.terminal.live() && !ctx.json()) {
        ctx.err.print("\r\u001b[2K" + Width.fit("listing " + Terminal.safe(host.name()) + ": " + Units.count(files) + " matching files so far",
            ctx.terminal.size().columns() - 1));
        ctx.err.flush();
      }
    }

    @Override
    public void listed(HostPlan plan) {
      if (ctx.terminal.live() && !ctx.json()) {
        ctx.err.print("\r\u001b[2K");
        ctx.err.flush();
      }
    }
  }
}
