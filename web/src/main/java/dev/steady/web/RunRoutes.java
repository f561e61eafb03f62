package dev.steady.web;

import dev.steady.account.Role;
import dev.steady.approval.Approval;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditEntry;
import dev.steady.failure.SteadyException;
import dev.steady.run.ActionOutput;
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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private final Services services;
  private final RunFeed feed;
  private final RunActions actions;
  private final Driven driven;

  RunRoutes(Services services, RunFeed feed, RunActions actions) {
    this.services = services;
    this.feed = feed;
    this.actions = actions;
    this.driven = actions.driven();
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
    ctx.html(Html.page("Runs", session, RunPage.list(runs)));
  }

  private RunInfo find(String id) {
    return services.store.findRun(id).orElseThrow(() -> new NotFoundResponse("no run " + id + " in this store"));
  }

  private void page(Context ctx, String notice, HttpStatus status) {
    Session session = Access.session(ctx);
    String id = Access.runId(ctx);
    RunInfo info = find(id);
    List<RunRow> rows = services.store.rows(id);
    // an apply's run: its identity checks and deletions are filed under its plan
    List<AuditEntry> audit = info.plan() == null ? services.audit(session).tail(500, id)
        : services.audit(session).tailOf(500, List.of(id, info.plan()));
    Optional<Approval> approval = services.store.approval(Approvals.run(id));
    Optional<String> whyNotApprove = approval.isPresent() ? services.approvals(session).whyNotApprove(Approvals.run(id), session.actor())
        : Optional.empty();
    RunPage.View view = new RunPage.View(info, rows, audit, approval, whyNotApprove, actions.whyNotResume(id), actions.whyNotStop(info),
        services.inventory()::host);
    ctx.status(status).html(Html.page("Run " + id, session, RunPage.body(session, view, notice)));
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
    ctx.html(Html.page(row.host() + " in " + id, session, RunPage.rowPage(id, row, outputs(id, row), entries(session, id, row))));
  }

  /** What the row's command printed, as core kept it (the head of each stream), oldest start first. */
  private List<ActionOutput> outputs(String id, RunRow row) {
    return services.store.outputs(id, row.host()).stream().filter(o -> o.step().equals(row.step())).toList();
  }

  /** The row's details for the page's script: its output as text, and its audit entries as key: value lines. */
  private void rowEntries(Context ctx) throws Exception {
    Session session = Access.session(ctx);
    String id = Access.runId(ctx);
    RunRow row = rowOf(ctx, id);
    List<Map<String, Object>> entries = entries(session, id, row).stream().map(e -> Map.<String, Object>of("at", Html.time(e.at()),
        "action", e.action(), "data", AuditView.pairs(e.dataJson()).stream().map(p -> List.of(p.getKey(), p.getValue())).toList())).toList();
    Map<String, Object> details = Map.of("entries", entries, "outputs", outputs(id, row).stream().map(OutputView::json).toList());
    ctx.contentType("application/json").result(JSON.writeValueAsString(details));
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
        return engine.resume(id, services.inventory()::host, new RunListener() {});
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
    Optional<String> refused = actions.whyNotStop(info);
    Optional<RunEngine> engine = driven.engine(id);
    if (refused.isPresent() || engine.isEmpty()) {
      page(ctx, Html.notice("bad", refused.orElse("run " + id + " ended meanwhile; nothing to stop")), HttpStatus.CONFLICT);
      return;
    }
    engine.get().stop();
    services.audit(session).append("run.stop", null, id, Map.of("from", "console"));
    page(ctx, Html.notice("info", "Stopping: rows already running finish, no new row starts. Resume continues the run."), HttpStatus.OK);
  }
}
