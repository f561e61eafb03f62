package dev.steady.web;

import dev.steady.account.Role;
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
import java.util.Optional;

/**
 * Runs: the list, and a run's page with its live checklist (server-sent events from {@link RunFeed}),
 * per-row details, the banner core computed, the audit timeline, and resume / stop for operators.
 */
final class RunRoutes {

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
    routes.post("/runs/{id}/resume", this::resume);
    routes.post("/runs/{id}/stop", this::stop);
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
    b.append(buttons(session, id, info));
    b.append("<table id=\"checklist\" data-run=\"").append(Html.esc(id)).append("\"><caption>Checklist (updates live)</caption><thead><tr>")
        .append("<th scope=\"col\">Host</th><th scope=\"col\">Step</th><th scope=\"col\">State</th><th scope=\"col\">Exit</th>")
        .append("<th scope=\"col\">Started</th><th scope=\"col\">Ended</th><th scope=\"col\">Message and output</th></tr></thead><tbody>");
    for (RunRow r : rows) {
      b.append(row(r, audit));
    }
    b.append("</tbody></table>");
    b.append(timeline(audit));
    ctx.status(status).html(Html.page("Run " + id, session, b.toString()));
  }

  private String row(RunRow r, List<AuditEntry> audit) {
    Optional<Host> host = services.inventory.host(r.host());
    StringBuilder b = new StringBuilder("<tr id=\"row-").append(r.position()).append("\" class=\"row\"><th scope=\"row\">")
        .append(Html.esc(r.host())).append(host.map(h -> " " + Html.env(h.env())).orElse("")).append("</th><td>").append(Html.esc(r.step()))
        .append("</td><td class=\"state s-").append(r.state().name().toLowerCase(java.util.Locale.ROOT)).append("\">").append(r.state().name())
        .append("</td><td class=\"exit\">").append(r.exitStatus() == null ? "" : r.exitStatus()).append("</td><td class=\"started\">")
        .append(Html.time(r.startedAt())).append("</td><td class=\"ended\">").append(Html.time(r.endedAt())).append("</td><td>")
        .append("<details><summary class=\"message\">").append(Html.esc(r.message() == null || r.message().isEmpty() ? "details" : r.message()))
        .append("</summary><ul class=\"entries\">");
    audit.stream().filter(e -> r.host().equals(e.host())).forEach(e -> b.append("<li>").append(Html.time(e.at())).append(" ")
        .append(Html.esc(e.action())).append("<pre>").append(Html.esc(e.dataJson())).append("</pre></li>"));
    return b.append("</ul></details></td></tr>").toString();
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
