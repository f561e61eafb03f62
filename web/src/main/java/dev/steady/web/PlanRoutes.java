package dev.steady.web;

import dev.steady.account.Role;
import dev.steady.approval.Approvals;
import dev.steady.cleanup.Applier;
import dev.steady.failure.SteadyException;
import dev.steady.plan.ApplyRequest;
import dev.steady.plan.HostApplied;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Plans: the list, a plan's review page, approve (approvers) and apply with the typed token (operators). */
final class PlanRoutes {

  private final Services services;
  private final ApplyJobs jobs;

  PlanRoutes(Services services, ApplyJobs jobs) {
    this.services = services;
    this.jobs = jobs;
  }

  void register(RoutesConfig routes) {
    routes.get("/plans", this::list);
    routes.get("/plans/{id}", ctx -> page(ctx, null, HttpStatus.OK));
    routes.post("/plans/{id}/approve", this::approve);
    routes.post("/plans/{id}/apply", this::apply);
    routes.get("/plans/{id}/apply", this::report);
  }

  private void list(Context ctx) {
    Session session = Access.session(ctx);
    List<Plan> plans = new ArrayList<>(services.store.recentPlans(100));
    Collections.reverse(plans);
    StringBuilder b = new StringBuilder("<h1>Plans</h1>");
    if (plans.isEmpty()) {
      b.append("<p>No plans yet. <a href=\"/cleanup\">Plan a cleanup</a> here, or with <code>steady cleanup plan</code>.</p>");
    } else {
      b.append("<table><caption>Newest first</caption><thead><tr><th scope=\"col\">Plan</th><th scope=\"col\">Target</th>")
          .append("<th scope=\"col\">Files</th><th scope=\"col\">Bytes</th><th scope=\"col\">Made by</th><th scope=\"col\">State</th>")
          .append("<th scope=\"col\">Approval</th><th scope=\"col\">Expires</th></tr></thead><tbody>");
      for (Plan p : plans) {
        String approval = services.store.approval(Approvals.plan(p.id())).map(a -> a.granted() ? "approved by " + a.approver() : "pending")
            .orElse("not required");
        b.append("<tr><td><a href=\"/plans/").append(Html.esc(p.id())).append("\"><code>").append(Html.esc(Html.shortId(p.id())))
            .append("</code></a></td><td>").append(Html.esc(p.target())).append("</td><td>").append(Html.count(p.count())).append("</td><td>")
            .append(Html.bytes(p.bytes())).append("</td><td>").append(Html.esc(p.author())).append("</td><td>")
            .append(Html.esc(services.store.planState(p.id()).state())).append("</td><td>").append(Html.esc(approval)).append("</td><td>")
            .append(Html.time(p.expiresAt())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    ctx.html(Html.page("Plans", session, b.toString()));
  }

  private Plan find(Context ctx) {
    String id = Access.planId(ctx);
    try {
      return services.store.findPlan(id).orElseThrow(() -> new NotFoundResponse("no plan " + id + " in this store"));
    } catch (SteadyException ambiguous) {
      throw new NotFoundResponse(ambiguous.getMessage());
    }
  }

  private void page(Context ctx, String notice, HttpStatus status) {
    Session session = Access.session(ctx);
    Plan plan = find(ctx);
    if (plan.hosts().isEmpty()) {
      throw new NotFoundResponse("plan " + plan.id() + " has no host");
    }
    String hostName = Optional.ofNullable(ctx.queryParam("host")).orElse(plan.hosts().get(0).name());
    HostPlan host = plan.hosts().stream().filter(h -> h.name().equals(hostName)).findFirst()
        .orElseThrow(() -> new NotFoundResponse("plan " + plan.id() + " has no host " + hostName));
    String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
    if (query.length() > 500) {
      query = query.substring(0, 500);
    }
    long after = parseAfter(ctx.queryParam("after"));
    var files = services.store.filesPage(services.store.draftOf(plan.id()), host.name(), query, after, PlanPage.PAGE + 1);
    Optional<dev.steady.approval.Approval> approval = services.store.approval(Approvals.plan(plan.id()));
    Optional<String> whyNotApprove = approval.isPresent() ? services.approvals(session).whyNotApprove(Approvals.plan(plan.id()),
        session.actor()) : Optional.empty();
    PlanPage.View view = new PlanPage.View(plan, services.store.planState(plan.id()), approval, host, query, after, files,
        services.clock.instant(), this::envOf, whyNotApprove, applier(session).whyNotApply(plan));
    ctx.status(status).html(Html.page("Plan " + Html.shortId(plan.id()), session, PlanPage.body(session, view, notice)));
  }

  /** A host's environment for its badge; a host no longer in the inventory is shown as production (the safe colour). */
  private String envOf(String host) {
    return services.inventory().host(host).map(dev.steady.inventory.Host::env).orElse(dev.steady.inventory.Host.PRODUCTION);
  }

  private static long parseAfter(String text) {
    try {
      return text == null ? -1 : Math.max(-1, Long.parseLong(text));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void approve(Context ctx) {
    Session session = Access.require(ctx, Role::canApprove, "approve plans");
    Plan plan = find(ctx);
    try {
      services.approvals(session).approve(Approvals.plan(plan.id()), session.actor());
    } catch (SteadyException refused) {
      page(ctx, Html.notice("bad", "Approval refused: " + refused.getMessage()), HttpStatus.CONFLICT);
      return;
    }
    page(ctx, Html.notice("ok", "Approved. An operator can now apply it with its token."), HttpStatus.OK);
  }

  private void apply(Context ctx) {
    Session session = Access.require(ctx, Role::canOperate, "apply plans");
    Plan found = find(ctx);
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("");
    Applier applier = applier(session);
    Optional<SteadyException> refused;
    try {
      Plan plan = applier.check(found.id(), false);
      ApplyJobs.Job job = jobs.prepare(plan.id(), session.user());
      refused = Background.start(services.background, () -> {
        try {
          job.report = applier.apply(new ApplyRequest(plan.id(), token, false, 20), job);
          return job.report;
        } catch (RuntimeException e) {
          job.failure = e.getMessage();
          throw e;
        }
      }, 1500);
    } catch (SteadyException e) {
      refused = Optional.of(e);
    }
    if (refused.isPresent()) {
      page(ctx, Html.notice("bad", "Apply refused: " + refused.get().getMessage()), HttpStatus.CONFLICT);
      return;
    }
    ctx.redirect("/plans/" + found.id() + "/apply", HttpStatus.SEE_OTHER);
  }

  private Applier applier(Session session) {
    return new Applier(services.transport, services.store, services.audit(session), services.clock, services.inventory()::host);
  }

  private void report(Context ctx) {
    Session session = Access.session(ctx);
    Plan plan = find(ctx);
    PlanState state = services.store.planState(plan.id());
    Optional<ApplyJobs.Job> job = jobs.find(plan.id());
    StringBuilder b = new StringBuilder("<h1>Apply of plan ").append(Html.esc(Html.shortId(plan.id()))).append("</h1>");
    b.append("<p><a href=\"/plans/").append(Html.esc(plan.id())).append("\">Back to the review</a> · state ").append(Html.esc(state.state()))
        .append(state.run() == null ? "" : ", run " + Html.esc(state.run())).append("</p>");
    if (job.isEmpty()) {
      b.append("<p>").append(PlanState.PLANNED.equals(state.state()) ? "Not applied yet." : "Applied from another process; "
          + "<code>steady audit log</code> has its report.").append("</p>");
    } else {
      b.append(ApplyReportView.html(job.get(), plan));
    }
    if (job.isPresent() && job.get().running()) {
      ctx.header("Refresh", "2");
    }
    ctx.html(Html.page("Apply " + Html.shortId(plan.id()), session, b.toString()));
  }

  /** For the report: a host's line. */
  static String hostLine(HostApplied h) {
    return h.name() + ": " + h.state() + ", deleted " + Html.count(h.deleted()) + " files, freed " + Html.bytes(h.bytesFreed())
        + (h.freeBytesAfter() >= 0 ? ", free now " + Html.bytes(h.freeBytesAfter()) : "")
        + (h.message() == null || h.message().isEmpty() ? "" : " — " + h.message());
  }
}
