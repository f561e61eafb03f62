package dev.steady.web;

import dev.steady.account.Role;
import dev.steady.approval.Approval;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditEntry;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.run.Lease;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunListener;
import dev.steady.run.RunRow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs: the list, and a run's page with its live checklist (server-sent events from {@link RunFeed}),
 * per-row details, the banner core computed, the audit timeline, and resume / stop for operators.
 */
final class RunRoutes {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private final Services services;
  private final RunFeed feed;
  private final Driven driven;

  RunRoutes(Services services, RunFeed feed, Driven driven) {
    this.services = services;
    this.feed = feed;
    this.driven = driven;
  }

  void register(RoutesConfig routes) {
    routes.get("/runs", this::list);
    routes.get("/runs/{id}", ctx -> page(ctx, null, HttpStatus.OK));
    routes.get("/runs/{id}/events", this::events);
    routes.get("/runs/{id}/rows/{pos}", this::rowPage);
    routes.get("/runs/{id}/rows/{pos}/entries", this::rowEntries);
    routes.post("/runs/{id}/resume", this::resume);
    routes.post("/runs/{id}/stop", this::stop);
    routes.post("/runs/{id}/approve", this::approve);
  }

  private void list(Context ctx) {
    Session session = Access.session(ctx);
    List<RunInfo> runs = new ArrayList<>(services.store.recentRuns(100));
    Collections.reverse(runs);
    StringBuilder b = new StringBuilder("<h1>Runs</h1>");
    if (runs.isEmpty()) {
      b.append("<p>No runs yet. Start one with <code>steady restart</code> or <code>steady run</code>.</p>");
    } else {
      b.append("<table><caption>Newest first</caption><thead><tr><th scope=\"col\">Run</th><th scope=\"col\">Kind</th>")
          .append("<th scope=\"col\">State</th><th scope=\"col\">All-clear</th><th scope=\"col\">User</th><th scope=\"col\">Target</th>")
          .append("<th scope=\"col\">Started</th><th scope=\"col\">Ended</th></tr></thead><tbody>");
      for (RunInfo r : runs) {
        b.append("<tr><td><a href=\"/runs/").append(Html.esc(r.id())).append("\">").append(Html.esc(r.id())).append("</a></td><td>")
            .append(Html.esc(r.kind())).append("</td><td>").append(Html.esc(r.state())).append("</td><td class=\"")
            .append(r.allClear() ? "ok" : "bad").append("\">").append(r.allClear() ? "yes" : "no").append("</td><td>").append(Html.esc(r.user()))
            .append("</td><td>").append(Html.esc(r.target())).append("</td><td>").append(Html.time(r.startedAt())).append("</td><td>")
            .append(Html.time(r.endedAt())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    ctx.html(Html.page("Runs", session, b.toString()));
  }

  private RunInfo find(String id) {
    return services.store.findRun(id).orElseThrow(() -> new NotFoundResponse("no run " + id + " in this store"));
  }

  private void page(Context ctx, String notice, HttpStatus status) {
    Session session = Access.session(ctx);
    String id = Access.runId(ctx);
    RunInfo info = find(id);
    List<RunRow> rows = services.store.rows(id);
    List<AuditEntry> audit = services.audit(session).tail(500, id);
    StringBuilder b = new StringBuilder("<h1>Run ").append(Html.esc(id)).append("</h1>");
    b.append("<p>").append(Html.esc(info.kind())).append(" of <strong>").append(Html.esc(info.target())).append("</strong> by ")
        .append(Html.esc(info.user())).append(", started ").append(Html.time(info.startedAt())).append("</p>");
    if (notice != null) {
      b.append(notice);
    }
    b.append(RunBanner.html(info));
    b.append(approval(session, id));
    b.append(buttons(session, id, info));
    b.append("<table id=\"checklist\" data-run=\"").append(Html.esc(id)).append("\"><caption>Checklist (updates live)</caption><thead><tr>")
        .append("<th scope=\"col\">Host</th><th scope=\"col\">Step</th><th scope=\"col\">State</th><th scope=\"col\">Exit</th>")
        .append("<th scope=\"col\">Started</th><th scope=\"col\">Ended</th><th scope=\"col\">Message and output</th></tr></thead><tbody>");
    for (RunRow r : rows) {
      b.append(row(id, r));
    }
    b.append("</tbody></table>");
    b.append(timeline(audit));
    ctx.status(status).html(Html.page("Run " + id, session, b.toString()));
  }

  private String row(String run, RunRow r) {
    Optional<Host> host = services.inventory.host(r.host());
    String link = "/runs/" + run + "/rows/" + r.position();
    return "<tr id=\"row-" + r.position() + "\" class=\"row\"><th scope=\"row\">" + Html.esc(r.host())
        + host.map(h -> " " + Html.env(h.env())).orElse("") + "</th><td>" + Html.esc(r.step()) + "</td><td class=\"state s-"
        + r.state().name().toLowerCase(Locale.ROOT) + "\">" + r.state().name() + "</td><td class=\"exit\">"
        + (r.exitStatus() == null ? "" : r.exitStatus()) + "</td><td class=\"started\">" + Html.time(r.startedAt())
        + "</td><td class=\"ended\">" + Html.time(r.endedAt()) + "</td><td><details data-entries=\"" + Html.esc(link + "/entries")
        + "\"><summary class=\"message\">" + Html.esc(r.message() == null || r.message().isEmpty() ? "details" : r.message())
        + "</summary><ul class=\"entries\"></ul><a href=\"" + Html.esc(link) + "\">Output and audit entries of "
        + Html.esc(r.host()) + "</a></details></td></tr>";
  }

  private RunRow rowOf(Context ctx, String id) {
    int pos;
    try {
      pos = Integer.parseInt(ctx.pathParam("pos"));
    } catch (NumberFormatException e) {
      throw new NotFoundResponse("no such row");
    }
    return services.store.rows(id).stream().filter(r -> r.position() == pos).findFirst().orElseThrow(() -> new NotFoundResponse("no such row"));
  }

  /** What the audit log holds for a row's host in this run: identity, command, output digest, verification. */
  private List<AuditEntry> entries(Session session, String id, RunRow row) {
    return services.audit(session).tail(2000, id).stream().filter(e -> row.host().equals(e.host())).toList();
  }

  private void rowPage(Context ctx) {
    Session session = Access.session(ctx);
    String id = Access.runId(ctx);
    RunRow row = rowOf(ctx, id);
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(row.host())).append(" · ").append(Html.esc(row.step())).append("</h1>")
        .append("<p><a href=\"/runs/").append(id).append("\">Back to run ").append(id).append("</a></p><p>State <strong>")
        .append(row.state().name()).append("</strong>").append(row.exitStatus() == null ? "" : ", exit status " + row.exitStatus())
        .append("</p><pre>").append(Html.esc(row.message())).append("</pre><h2>Audit entries</h2><ol class=\"timeline\">");
    entries(session, id, row).forEach(e -> b.append("<li><span class=\"when\">").append(Html.time(e.at())).append("</span> <strong>")
        .append(Html.esc(e.action())).append("</strong><pre>").append(Html.esc(e.dataJson())).append("</pre></li>"));
    ctx.html(Html.page(row.host() + " in " + id, session, b.append("</ol>").toString()));
  }

  private void rowEntries(Context ctx) throws Exception {
    Session session = Access.session(ctx);
    String id = Access.runId(ctx);
    RunRow row = rowOf(ctx, id);
    List<Map<String, String>> list = entries(session, id, row).stream().map(e -> Map.of("at", Html.time(e.at()), "action", e.action(),
        "data", e.dataJson())).toList();
    ctx.contentType("application/json").result(JSON.writeValueAsString(list));
  }

  private String approval(Session session, String id) {
    Optional<Approval> approval = services.store.approval(Approvals.run(id));
    if (approval.isEmpty()) {
      return "";
    }
    Approval a = approval.get();
    if (a.granted()) {
      return "<p class=\"approval\">Approved by " + Html.esc(a.approver()) + ", " + Html.time(a.approvedAt()) + ".</p>";
    }
    String text = "<p class=\"approval\"><span class=\"bad\">Approval pending</span>: a second engineer with the approver role, not "
        + Html.esc(a.author()) + ", must approve this run.</p>";
    return !session.role().canApprove() ? text : text + "<form method=\"post\" action=\"/runs/" + id + "/approve\">"
        + Html.csrfField(session) + "<button type=\"submit\" id=\"approve\">Approve this run</button></form>";
  }

  private void approve(Context ctx) {
    Session session = Access.require(ctx, Role::canApprove, "approve runs");
    String id = Access.runId(ctx);
    find(id);
    try {
      services.approvals(session).approve(Approvals.run(id), session.actor());
    } catch (SteadyException refused) {
      page(ctx, Html.notice("bad", "Approval refused: " + refused.getMessage()), HttpStatus.CONFLICT);
      return;
    }
    page(ctx, Html.notice("ok", "Approved."), HttpStatus.OK);
  }

  private static String buttons(Session session, String id, RunInfo info) {
    if (!session.role().canOperate() || !("running".equals(info.state()) || "interrupted".equals(info.state()))) {
      return "";
    }
    String form = "<form class=\"inline\" method=\"post\" action=\"/runs/" + Html.esc(id) + "/";
    return "<div class=\"actions\">" + form + "resume\">" + Html.csrfField(session) + "<button type=\"submit\">Resume</button></form>"
        + form + "stop\">" + Html.csrfField(session) + "<button type=\"submit\" class=\"danger\">Stop</button></form></div>";
  }

  private static String timeline(List<AuditEntry> audit) {
    StringBuilder b = new StringBuilder("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">Audit timeline</h2><ol class=\"timeline\">");
    for (AuditEntry e : audit) {
      b.append("<li><span class=\"when\">").append(Html.time(e.at())).append("</span> <strong>").append(Html.esc(e.action()))
          .append("</strong> ").append(e.host() == null ? "" : Html.esc(e.host()) + " ").append("by ").append(Html.esc(e.actor()))
          .append(" <code>").append(Html.esc(e.dataJson())).append("</code></li>");
    }
    return b.append("</ol></section>").toString();
  }

  private void events(Context ctx) throws Exception {
    Access.session(ctx);
    String id = Access.runId(ctx);
    find(id);
    new SseHandler(client -> {
      client.keepAlive();
      feed.follow(id, client);
    }).handle(ctx);
  }

  private void resume(Context ctx) {
    Session session = Access.require(ctx, Role::canOperate, "resume runs");
    String id = Access.runId(ctx);
    find(id);
    RunEngine engine = new RunEngine(services.transport, services.store, services.audit(session), services.clock, session.actor());
    Optional<SteadyException> refused = Background.start(services.background, () -> {
      services.approvals(session).check(Approvals.run(id));
      driven.started(id, engine);
      try {
        return engine.resume(id, services.inventory::host, new RunListener() {});
      } finally {
        driven.ended(id, engine);
      }
    }, 1500);
    if (refused.isPresent()) {
      page(ctx, Html.notice("bad", "Resume refused: " + refused.get().getMessage()), HttpStatus.CONFLICT);
      return;
    }
    ctx.redirect("/runs/" + id, HttpStatus.SEE_OTHER);
  }

  private void stop(Context ctx) {
    Session session = Access.require(ctx, Role::canOperate, "stop runs");
    String id = Access.runId(ctx);
    RunInfo info = find(id);
    Optional<RunEngine> engine = driven.engine(id);
    if (engine.isPresent()) {
      engine.get().stop();
      services.audit(session).append("run.stop", null, id, Map.of("from", "console"));
      page(ctx, Html.notice("info", "Stopping: rows already running finish, no new row starts. Resume continues the run."), HttpStatus.OK);
      return;
    }
    String holder = services.store.leases().stream().filter(l -> l.run().equals(id)).map(Lease::user).findFirst().orElse(info.user());
    page(ctx, Html.notice("bad", "This console does not drive run " + id + ": " + holder + " drives it from another process; "
        + "Ctrl-C in that terminal stops it (then resume it here or there)."), HttpStatus.CONFLICT);
  }
}
