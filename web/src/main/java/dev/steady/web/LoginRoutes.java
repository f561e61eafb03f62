package dev.steady.web;

import dev.steady.account.Credential;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.util.Map;
import java.util.Optional;

/** Log in (the only page without a session), log out. Failed and rate-limited logins are audited. */
final class LoginRoutes {

  private final Services services;
  private final Sessions sessions;
  private final LoginLimiter limiter;
  private final boolean secure;

  LoginRoutes(Services services, Sessions sessions, LoginLimiter limiter, boolean secure) {
    this.services = services;
    this.sessions = sessions;
    this.limiter = limiter;
    this.secure = secure;
  }

  void register(RoutesConfig routes) {
    routes.get("/login", this::form);
    routes.post("/login", this::login);
    routes.post("/logout", this::logout);
  }

  private void form(Context ctx) {
    if (sessions.find(ctx.cookie(Access.COOKIE)).isPresent()) {
      ctx.redirect("/", HttpStatus.FOUND);
      return;
    }
    ctx.html(page(null, ""));
  }

  private void login(Context ctx) {
    String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String address = ctx.ip();
    if (!limiter.allowed(name, address)) {
      services.audit("console").append("login.limited", null, null, Map.of("user", name, "address", address));
      ctx.status(HttpStatus.TOO_MANY_REQUESTS).html(page("Too many failed logins for " + name + " from this address; wait a minute and try again.", name));
      return;
    }
    Optional<Credential> user = services.accounts(services.audit("console")).login(name, password.toCharArray());
    if (user.isEmpty()) {
      limiter.failed(name, address);
      services.audit("console").append("login.failed", null, null, Map.of("user", name, "address", address));
      ctx.status(HttpStatus.UNAUTHORIZED).html(page("Wrong user name or password.", name));
      return;
    }
    limiter.succeeded(name, address);
    sessions.close(ctx.cookie(Access.COOKIE));
    Session session = sessions.open(user.get());
    services.audit(session).append("login", null, null, Map.of("address", address, "role", session.role().label()));
    ctx.cookie(new Cookie(Access.COOKIE, session.id(), "/", -1, secure, true, null, SameSite.STRICT));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    Session session = Access.session(ctx);
    services.audit(session).append("logout", null, null, Map.of());
    sessions.close(session.id());
    ctx.cookie(new Cookie(Access.COOKIE, "", "/", 0, secure, true, null, SameSite.STRICT));
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private static String page(String error, String name) {
    String body = "<h1>Log in to steady</h1>"
        + (error == null ? "" : Html.notice("bad", error))
        + "<form class=\"login\" method=\"post\" action=\"/login\">"
        + "<label for=\"name\">User name</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required value=\""
        + Html.esc(name) + "\">"
        + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
        + "<button type=\"submit\">Log in</button></form>"
        + "<p class=\"hint\">Accounts are made with <code>steady user add</code>.</p>";
    return Html.page("Log in", null, body);
  }
}
