package dev.steady.web;

import dev.steady.account.Role;
import dev.steady.approval.Approvals;
import dev.steady.check.Check;
import dev.steady.check.Checks;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.plan.Amounts;
import dev.steady.run.RateControl;
import dev.steady.run.RestartSpec;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunListener;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a restart from the console, as {@code steady restart TARGET --start CMD --verify CHECK}
 * does: the same core calls ({@link RunEngine#restart}, or {@link RunEngine#restartAwaitingApproval}
 * when four eyes are required), so the same guards (leases, identity, approval). The run goes on in
 * the background, driven by this console (so Stop reaches it), and the page follows its checklist.
 */
final class RestartRoutes {

  /** The CLI's defaults for what the form does not ask: --interval 2s, --timeout 10m. */
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration ACTION_TIMEOUT = Duration.ofMinutes(10);
  private final Services services;
  private final Driven driven;

  RestartRoutes(Services services, Driven driven) {
    this.services = services;
    this.driven = driven;
  }

  void register(RoutesConfig routes) {
    routes.get("/restart", ctx -> form(ctx, Values.DEFAULTS, null, 200));
    routes.post("/restart", this::start);
  }

  /** What the form holds, as typed. */
  record Values(String target, String start, String verify, String precheck, boolean warningOk, String verifyTimeout, String concurrency,
      String maxErrors, boolean requireApproval) {

    static final Values DEFAULTS = new Values("", "", "", "", false, "2m", "20", "0", false);

    static Values read(Context ctx) {
      return new Values(Forms.text(ctx, "target", ""), Forms.text(ctx, "start", ""), Forms.text(ctx, "verify", ""),
          Forms.text(ctx, "precheck", ""), Forms.checked(ctx, "warning_ok"), Forms.text(ctx, "verify_timeout", "2m"),
          Forms.text(ctx, "concurrency", "20"), Forms.text(ctx, "max_errors", "0"), Forms.checked(ctx, "require_approval"));
    }
  }

  private void form(Context ctx, Values v, String notice, int status) {
    Session session = Access.session(ctx);
    Optional<String> role = Access.roleRefusal(session, Role::canOperate, "start runs");
    StringBuilder b = new StringBuilder("<h1>Restart</h1><p>Start, on every host of a target, a command, then retry a check until it "
        + "proves the host healthy: one checklist, all-clear only when every row is verified. The same as <code>steady restart</code>.</p>");
    if (notice != null) {
      b.append(notice);
    }
    b.append("<form class=\"start\" method=\"post\" action=\"/restart\">").append(Html.csrfField(session))
        .append(Forms.field("target", "Target", "TARGET", v.target(), "hosts, groups, all, or patterns such as app:!web-03", true, "targets"))
        .append(Targets.datalist(services.inventory()))
        .append(Forms.field("start", "Start command", "--start", v.start(), "run by each host's shell, e.g. systemctl start myapp", true))
        .append(Forms.field("verify", "Verify check", "--verify", v.verify(),
            "cmd:COMMAND, nagios:PLUGIN ARGS, tcp:PORT, or http://URL [status=200] [contains=TEXT], from the host", true))
        .append(Forms.field("precheck", "Precheck", "--precheck", v.precheck(), "optional: must pass before the start runs (else SKIPPED)", false))
        .append(Forms.checkbox("warning_ok", "A Nagios WARNING passes too", "--warning-ok", v.warningOk()))
        .append(Forms.field("verify_timeout", "Wait for healthy at most", "--verify-timeout", v.verifyTimeout(), "e.g. 30s, 2m", true))
        .append(Forms.field("concurrency", "Hosts at once", "--concurrency", v.concurrency(), null, true))
        .append(Forms.field("max_errors", "Failed rows tolerated", "--max-errors", v.maxErrors(),
            "when more rows than this failed or were refused, no new row starts", true))
        .append(Forms.checkbox("require_approval", "A second engineer approves before anything runs", "--require-approval",
            v.requireApproval()))
        .append("<div class=\"submit\">").append(Html.button("start-restart", "danger", "Start restart", role)).append("</div></form>");
    ctx.status(status).html(Html.page("Restart", session, b.toString()));
  }

  private void start(Context ctx) {
    Session session = Access.require(ctx, Role::canOperate, "start runs");
    Values v = Values.read(ctx);
    try {
      String id = start(session, v);
      ctx.redirect(id == null ? "/runs" : "/runs/" + id, HttpStatus.SEE_OTHER);
    } catch (SteadyException e) {
      form(ctx, v, Html.notice("bad", Forms.oneLine(e)), Forms.status(e));
    }
  }

  /** Starts the restart as the CLI would; the run's id once core created it (null if that is slow); core's refusal as thrown. */
  private String start(Session session, Values v) {
    Check verify = Checks.parse(v.verify(), "--verify", v.warningOk());
    Check precheck = v.precheck().isEmpty() ? null : Checks.parse(v.precheck(), "--precheck", v.warningOk());
    RestartSpec spec = new RestartSpec(precheck, v.start(), verify, Amounts.duration(v.verifyTimeout(), "--verify-timeout"), INTERVAL,
        ACTION_TIMEOUT);
    RateControl rate = new RateControl(Forms.integer(v.concurrency(), "--concurrency"), Forms.integer(v.maxErrors(), "--max-errors"), false,
        null, Duration.ZERO);
    List<Host> hosts = services.inventory().select(v.target());
    RunEngine engine = new RunEngine(services.transport, services.store, services.audit(session), services.clock, session.actor());
    if (Approvals.required(v.requireApproval(), hosts)) {
      return engine.restartAwaitingApproval(v.target(), hosts, spec, rate).id();
    }
    CompletableFuture<String> named = new CompletableFuture<>();
    RunListener listener = new RunListener() {
      @Override
      public void started(RunInfo run) {
        driven.started(run.id(), engine);
        named.complete(run.id());
      }
    };
    return Background.named(services.background, () -> {
      try {
        return engine.restart(v.target(), hosts, spec, rate, listener);
      } finally {
        named.thenAccept(id -> driven.ended(id, engine));
      }
    }, named, 10_000).orElse(null);
  }
}
