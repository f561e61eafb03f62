package dev.steady.web;

import dev.steady.account.Role;
import dev.steady.approval.Approvals;
import dev.steady.cleanup.Planner;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.plan.Amounts;
import dev.steady.plan.Criteria;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Plans a cleanup from the console, as {@code steady cleanup plan TARGET --path DIR [criteria…]}
 * does: the same core call ({@link Planner#plan}), so the same guards (protected paths, criteria,
 * share, expectation, identity), and four eyes required by the flag or the environment policy as
 * the CLI requires them. Nothing is deleted: the plan's review page is where approve and apply are.
 * Listing a large tree goes on in the background; the page follows it.
 */
final class CleanupRoutes {

  private static final Pattern JOB = Pattern.compile("[0-9a-f]{16}");
  private final Services services;
  private final PlanJobs jobs = new PlanJobs();

  CleanupRoutes(Services services) {
    this.services = services;
  }

  void register(RoutesConfig routes) {
    routes.get("/cleanup", ctx -> form(ctx, Values.DEFAULTS, null, 200));
    routes.post("/cleanup", this::plan);
    routes.get("/cleanup/jobs/{job}", this::job);
  }

  /** What the form holds, as typed. */
  record Values(String target, String path, String olderThan, String newerThan, String minSize, String maxSize, String names,
      String excludes, String maxDepth, String expectCount, String expectBytes, String requireBackup, boolean verifyChecksum,
      boolean allowAll, String ttl, boolean requireApproval) {

    static final Values DEFAULTS = new Values("", "", "", "", "", "", "", "", "", "", "", "", false, false, "1h", false);

    static Values read(Context ctx) {
      return new Values(Forms.text(ctx, "target", ""), Forms.text(ctx, "path", ""), Forms.text(ctx, "older_than", ""),
          Forms.text(ctx, "newer_than", ""), Forms.text(ctx, "min_size", ""), Forms.text(ctx, "max_size", ""), Forms.text(ctx, "name", ""),
          Forms.text(ctx, "exclude", ""), Forms.text(ctx, "max_depth", ""), Forms.text(ctx, "expect_count", ""),
          Forms.text(ctx, "expect_bytes", ""), Forms.text(ctx, "require_backup", ""), Forms.checked(ctx, "verify_checksum"),
          Forms.checked(ctx, "allow_all"), Forms.text(ctx, "ttl", "1h"), Forms.checked(ctx, "require_approval"));
    }

    /** The criteria as core reads them; bad input names the flag. */
    Criteria criteria() {
      return new Criteria(duration(olderThan, "--older-than"), duration(newerThan, "--newer-than"), size(minSize, "--min-size"),
          size(maxSize, "--max-size"), Forms.words(names), Forms.words(excludes),
          Forms.number(maxDepth, "--max-depth").map(n -> (int) Math.min(n, Integer.MAX_VALUE)).orElse(null),
          Forms.number(expectCount, "--expect-count").orElse(null), size(expectBytes, "--expect-bytes"),
          requireBackup.isEmpty() ? null : requireBackup, verifyChecksum, allowAll);
    }

    private static Duration duration(String text, String flag) {
      return text.isEmpty() ? null : Amounts.duration(text, flag);
    }

    private static Long size(String text, String flag) {
      return text.isEmpty() ? null : Amounts.size(text, flag);
    }
  }

  private void form(Context ctx, Values v, String notice, int status) {
    Session session = Access.session(ctx);
    Optional<String> role = Access.roleRefusal(session, Role::canOperate, "plan cleanups");
    StringBuilder b = new StringBuilder("<h1>Plan a cleanup</h1><p>List, on every host of a target, the files under a directory that "
        + "match the criteria, and freeze them in a plan to review. Nothing is deleted here: the plan's page is where it is approved and "
        + "applied with its token. The same as <code>steady cleanup plan</code>.</p>");
    if (notice != null) {
      b.append(notice);
    }
    b.append("<form class=\"start\" method=\"post\" action=\"/cleanup\">").append(Html.csrfField(session))
        .append(Forms.field("target", "Target", "TARGET", v.target(), "hosts, groups, all, or patterns such as web:!web-03", true, "targets"))
        .append(Targets.datalist(services.inventory()))
        .append(Forms.field("path", "Directory", "--path", v.path(), "the same absolute path on every host, e.g. /srv/app/logs", true))
        .append("<fieldset><legend>Criteria (at least one of age, size or name)</legend>")
        .append(Forms.field("older_than", "Modified at least this long ago", "--older-than", v.olderThan(), "e.g. 14d, 6h", false))
        .append(Forms.field("newer_than", "Modified within the last", "--newer-than", v.newerThan(), "e.g. 14d, 6h", false))
        .append(Forms.field("min_size", "At least", "--min-size", v.minSize(), "e.g. 10M, 2G (powers of 1024)", false))
        .append(Forms.field("max_size", "At most", "--max-size", v.maxSize(), null, false))
        .append(Forms.field("name", "Names matching", "--name", v.names(), "globs, separated by spaces, e.g. *.log *.gz", false))
        .append(Forms.field("exclude", "Never names matching", "--exclude", v.excludes(), "globs, separated by spaces", false))
        .append(Forms.field("max_depth", "Descend at most", "--max-depth", v.maxDepth(), "1 = files directly in the directory", false))
        .append("</fieldset><fieldset><legend>Guards</legend>")
        .append(Forms.field("expect_count", "Files you expect", "--expect-count", v.expectCount(), "refused when more than 25% off", false))
        .append(Forms.field("expect_bytes", "Bytes you expect", "--expect-bytes", v.expectBytes(), "refused when more than 25% off", false))
        .append(Forms.field("require_backup", "Only files with a copy under", "--require-backup", v.requireBackup(), null, false))
        .append(Forms.checkbox("verify_checksum", "The copy must have the same SHA-256", "--verify-checksum", v.verifyChecksum()))
        .append(Forms.checkbox("allow_all", "Allow taking every file (or more than 90%) under the directory", "--allow-all", v.allowAll()))
        .append(Forms.field("ttl", "The plan may be applied for", "--ttl", v.ttl(), null, true))
        .append(Forms.checkbox("require_approval", "A second engineer approves before it can be applied", "--require-approval",
            v.requireApproval()))
        .append("</fieldset><div class=\"submit\">").append(Html.button("make-plan", null, "Make the plan", role)).append("</div></form>");
    ctx.status(status).html(Html.page("Plan a cleanup", session, b.toString()));
  }

  private void plan(Context ctx) {
    Session session = Access.require(ctx, Role::canOperate, "plan cleanups");
    Values v = Values.read(ctx);
    PlanJobs.Job job;
    try {
      job = start(session, v);
    } catch (SteadyException e) {
      form(ctx, v, Html.notice("bad", Forms.oneLine(e)), Forms.status(e));
      return;
    }
    ctx.redirect(job.plan != null ? "/plans/" + job.plan : "/cleanup/jobs/" + job.id, HttpStatus.SEE_OTHER);
  }

  /** Plans as the CLI would, in the background; waits a few seconds, enough for most trees; core's refusal as thrown. */
  private PlanJobs.Job start(Session session, Values v) {
    Duration ttl = Amounts.duration(v.ttl(), "--ttl");
    Criteria criteria = v.criteria();
    List<Host> hosts = services.inventory().select(v.target());
    PlanRequest request = new PlanRequest(v.target(), hosts, v.path(), criteria, ttl, 20);
    Planner planner = new Planner(services.transport, services.store, services.audit(session), services.clock, session.actor());
    PlanJobs.Job job = jobs.start(session.user(), v.target(), v.path());
    CompletableFuture<String> named = new CompletableFuture<>();
    try {
      Background.named(services.background, () -> {
        try {
          Plan plan = planner.plan(request, job);
          if (Approvals.required(v.requireApproval(), hosts)) {
            services.approvals(session).require(Approvals.plan(plan.id()), plan.author());
          }
          job.plan = plan.id();
          named.complete(plan.id());
          return plan;
        } catch (RuntimeException e) {
          job.failure = e instanceof SteadyException s ? Forms.oneLine(s) : "internal error; the console's terminal has the details";
          throw e;
        }
      }, named, 5_000);
    } catch (SteadyException refused) {
      jobs.forget(job.id);
      throw refused;
    }
    return job;
  }

  private void job(Context ctx) {
    Session session = Access.session(ctx);
    String id = ctx.pathParam("job");
    PlanJobs.Job job = JOB.matcher(id).matches() ? jobs.find(id).orElse(null) : null;
    if (job == null) {
      throw new NotFoundResponse("no such planning in this console (it may have been restarted); the plans list has every plan");
    }
    if (job.plan != null) {
      ctx.redirect("/plans/" + job.plan, HttpStatus.SEE_OTHER);
      return;
    }
    StringBuilder b = new StringBuilder("<h1>Planning a cleanup</h1><p>Started by ").append(Html.esc(job.user)).append(": <code>")
        .append(Html.esc(job.target)).append("</code>, <code>").append(Html.esc(job.root)).append("</code></p>");
    if (job.failure != null) {
      b.append(Html.notice("bad", job.failure)).append("<p><a href=\"/cleanup\">Back to the form</a></p>");
    } else {
      ctx.header("Refresh", "2");
      b.append("<p id=\"plan-state\" class=\"banner running\" role=\"status\">LISTING… nothing is deleted</p><ul>");
      job.listing.forEach((host, files) -> b.append("<li>").append(Html.esc(host)).append(": ").append(Html.count(files))
          .append(" matching files so far</li>"));
      b.append("</ul>");
    }
    ctx.html(Html.page("Planning", session, b.toString()));
  }
}
