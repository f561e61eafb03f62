package dev.steady.web;

import dev.steady.failure.SteadyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/** Wires the routes into Javalin: the front door first, then the pages; errors become small pages, never stack traces. */
final class Server {

  private static final String RENDERED = "steady.error-rendered";

  private Server() {}

  static Javalin create(Services services, RunFeed feed, RunActions actions, Sessions sessions, boolean secureCookie) {
    Access access = new Access(sessions, services);
    LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(1), Clock.systemUTC());
    byte[] css = resource("console.css");
    byte[] js = resource("console.js");
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.concurrency.useVirtualThreads = true;
      config.http.maxRequestSize = 64 * 1024;
      // Jetty refuses ambiguous paths (%2e%2e, %2f) itself; its error pages are the console's (404, headers, no stack).
      config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
      config.routes.before(access::check);
      config.routes.get("/static/console.css", ctx -> ctx.header("Cache-Control", "max-age=300").contentType("text/css; charset=utf-8").result(css));
      config.routes.get("/static/console.js", ctx -> ctx.header("Cache-Control", "max-age=300").contentType("text/javascript; charset=utf-8")
          .result(js));
      new LoginRoutes(services, sessions, limiter, secureCookie).register(config.routes);
      new FleetRoutes(services).register(config.routes);
      new RunRoutes(services, feed, actions).register(config.routes);
      new PlanRoutes(services, new ApplyJobs()).register(config.routes);
      new RestartRoutes(services, actions.driven()).register(config.routes);
      new CleanupRoutes(services).register(config.routes);
      config.routes.exception(RedirectResponse.class, (e, ctx) -> {
        Access.headers(ctx);
        ctx.redirect("/login", HttpStatus.FOUND);
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
      config.routes.exception(SteadyException.class, (e, ctx) -> error(ctx,
          e.kind() == SteadyException.Kind.REFUSED ? 409 : 400, e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        System.err.println("steady console: internal error on " + ctx.method() + " " + ctx.path() + ":");
        e.printStackTrace(System.err);
        error(ctx, 500, "internal error; nothing more is shown here (the console's terminal has the details)");
      });
      config.routes.error(404, ctx -> {
        if (ctx.attribute(RENDERED) == null) {
          error(ctx, 404, "no such page");
        }
      });
    });
  }

  static void error(Context ctx, int status, String message) {
    ctx.attribute(RENDERED, Boolean.TRUE);
    Access.headers(ctx);
    String title = status == 404 ? "Not found" : status == 403 ? "Forbidden" : status == 401 ? "Not logged in"
        : status == 429 ? "Too many requests" : "Error " + status;
    ctx.status(status).html(Html.page(title, null, "<h1>" + Html.esc(title) + "</h1>" + Html.notice("bad", message)
        + "<p><a href=\"/\">Back to the fleet</a></p>"));
  }

  private static byte[] resource(String name) {
    try (InputStream in = Server.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing console resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
