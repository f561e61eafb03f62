package dev.steady.web;

import dev.steady.account.Role;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.RedirectResponse;
import io.javalin.http.UnauthorizedResponse;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The console's front door, run before every route: security headers on every answer; without a
 * session, pages redirect to the login page and everything else (posts, live feeds) gets 401; every
 * POST must carry the session's CSRF token (403 otherwise); roles are checked by each route with
 * {@link #require}, on the server, whatever the page shows.
 */
final class Access {

  static final String COOKIE = "steady_session";
  private static final String SESSION = "steady.session";
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Pattern RUN_ID = Pattern.compile("r-[0-9a-f]{8}");
  private static final Pattern PLAN_ID = Pattern.compile("[0-9a-f]{8,64}");

  private final Sessions sessions;
  private final Services services;

  Access(Sessions sessions, Services services) {
    this.sessions = sessions;
    this.services = services;
  }

  /** The before-handler. */
  void check(Context ctx) {
    headers(ctx);
    String path = ctx.path();
    boolean post = "POST".equals(ctx.method().name());
    if (post && !sameOrigin(ctx)) {
      throw new ForbiddenResponse("cross-site request refused");
    }
    if (path.startsWith("/static/") || path.equals("/login")) {
      return; // the login form has no session yet: the origin check above keeps other sites from logging you in
    }
    Session session = sessions.find(ctx.cookie(COOKIE)).filter(this::stillAllowed).orElse(null);
    if (session == null) {
      if (!post && !eventStream(ctx)) {
        throw new RedirectResponse(HttpStatus.FOUND, "/login");
      }
      throw new UnauthorizedResponse("log in first");
    }
    if (post && !Sessions.csrfMatches(session, csrfOf(ctx))) {
      throw new ForbiddenResponse("missing or wrong CSRF token; reload the page and try again");
    }
    ctx.attribute(SESSION, session);
  }

  /**
   * A session's user must still exist with the same role and the same password: removing a user,
   * changing their role or their password ends their sessions.
   */
  private boolean stillAllowed(Session session) {
    boolean ok = services.accounts(services.audit(session)).current(session.user()).map(session.credential()::stillValid).orElse(false);
    if (!ok) {
      sessions.close(session.id());
    }
    return ok;
  }

  /**
   * Refuses a POST a browser says came from another site: {@code Sec-Fetch-Site} when the browser
   * sends it, else an {@code Origin} naming another host. (With {@code Referrer-Policy: no-referrer}
   * a browser's own forms say {@code Origin: null}, so that alone proves nothing.)
   */
  private static boolean sameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null) {
      return "same-origin".equals(site);
    }
    String origin = ctx.header("Origin");
    if (origin == null || "null".equals(origin)) {
      return true;
    }
    String host = ctx.header("Host");
    int scheme = origin.indexOf("://");
    return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
  }

  private static String csrfOf(Context ctx) {
    String header = ctx.header("X-CSRF-Token");
    return header != null ? header : ctx.formParam("csrf");
  }

  private static boolean eventStream(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/event-stream");
  }

  static void headers(Context ctx) {
    headers(ctx::header);
  }

  /** The security headers of every answer, including Jetty's own error pages. */
  static void headers(java.util.function.BiConsumer<String, String> put) {
    put.accept("Content-Security-Policy", CSP);
    put.accept("X-Content-Type-Options", "nosniff");
    put.accept("Referrer-Policy", "no-referrer");
    put.accept("X-Frame-Options", "DENY");
    put.accept("Cache-Control", "no-store");
  }

  /** The session the before-handler found (every route but the login page has one). */
  static Session session(Context ctx) {
    Session s = ctx.attribute(SESSION);
    if (s == null) {
      throw new UnauthorizedResponse("log in first");
    }
    return s;
  }

  /** The session, if its role passes {@code allowed}; 403 naming what was refused otherwise. */
  static Session require(Context ctx, Predicate<Role> allowed, String what) {
    Session s = session(ctx);
    roleRefusal(s, allowed, what).ifPresent(reason -> {
      throw new ForbiddenResponse(reason);
    });
    return s;
  }

  /**
   * Why {@code s}'s role may not do {@code what} (core's {@link Role} decides), or empty: the reason
   * beside a disabled button, and the very message of the 403 when its action is posted anyway.
   */
  static java.util.Optional<String> roleRefusal(Session s, Predicate<Role> allowed, String what) {
    return allowed.test(s.role()) ? java.util.Optional.empty() : java.util.Optional.of("your role (" + s.role().label() + ") may not " + what);
  }

  /** A run id from the path, or 404: ids never reach the store or the file system unchecked. */
  static String runId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!RUN_ID.matcher(id).matches()) {
      throw new NotFoundResponse("no such run");
    }
    return id;
  }

  /** A plan id (full or a prefix of at least 8 hex digits) from the path, or 404. */
  static String planId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!PLAN_ID.matcher(id).matches()) {
      throw new NotFoundResponse("no such plan");
    }
    return id;
  }
}
