package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.account.Accounts;
import dev.steady.account.Role;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.plan.FileEntry;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's security over real HTTP on 127.0.0.1 with a real SQLite store: sessions, CSRF,
 * roles on the server, the typed token, rate-limited logins, headers, traversal, and escaping of
 * host names, file names and command output.
 */
@Timeout(60)
class ConsoleSecurityTest {

  static final String EVIL_HOST = "<script>alert(1)</script>";
  static final String QUOTE_HOST = "q\"onmouseover=\"alert(2)";
  static final String RUN = "r-0badc0de";
  @TempDir static Path dir;
  static TestConsole console;
  static Plan plan;
  static Plan evilPlan;
  static Path victim;

  @BeforeAll
  static void start() throws Exception {
    String inventory = "hosts:\n"
        + "  web-01: {address: 127.0.0.1, port: 1, groups: [web], env: production}\n"
        + "  '" + EVIL_HOST + "': {address: 127.0.0.1, port: 1, groups: [web], env: staging}\n"
        + "  '" + QUOTE_HOST + "': {address: 127.0.0.1, port: 1, env: staging}\n";
    console = TestConsole.start(dir, inventory, dir.resolve("known_hosts"));
    victim = Files.createDirectories(dir.resolve("srv"));
    Path a = Files.writeString(victim.resolve("a.log"), "aaaa");
    plan = console.plan("olivia@laptop", "web-01", victim.toString(), List.of(entry(a)), "right-token");
    byte[] notUtf8 = "/srv/bad-\u0000.log".getBytes(StandardCharsets.UTF_8);
    notUtf8[9] = (byte) 0xff;
    evilPlan = console.plan("olivia@laptop", "web-01", "/srv", List.of(
        new FileEntry("/srv/<script>alert(3)</script>.log".getBytes(StandardCharsets.UTF_8), 10, 1, 1, 1),
        new FileEntry("/srv/\"quoted\" 'x'.log".getBytes(StandardCharsets.UTF_8), 10, 1, 2, 1),
        new FileEntry(notUtf8, 10, 1, 3, 1)), "evil-token");
    Instant now = Instant.now();
    console.store.createRun(new RunInfo(RUN, "restart", "running", false, "olivia@laptop", "web", now, null, "{}"), List.of(
        new RunRow(RUN, EVIL_HOST, "restart", 0, RowState.PENDING, null, null, null, 0, null)));
    console.store.transition(RUN, EVIL_HOST, "restart", RowState.FAILED, 1, "<img src=x onerror=alert(4)>", true, now);
    new AuditLog(console.store, "olivia@laptop").append("exec", EVIL_HOST, RUN, Map.of("stdout", "</pre><script>alert(5)</script>"));
  }

  static FileEntry entry(Path file) throws Exception {
    var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    return new FileEntry(file.toString().getBytes(StandardCharsets.UTF_8), attrs.size(), attrs.lastModifiedTime().toInstant().getEpochSecond()
        * 1_000_000_000L, 1, 1);
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  Browserless anonymous() {
    return new Browserless(console);
  }

  List<String> stateChanging() {
    return List.of("/logout", "/fleet/check", "/runs/" + RUN + "/resume", "/runs/" + RUN + "/stop", "/plans/" + plan.id() + "/approve",
        "/plans/" + plan.id() + "/apply", "/runs/" + RUN + "/approve", "/restart", "/cleanup");
  }

  @Test
  void withoutSession_statechangesAre401_pagesRedirectToLogin_feedIs401() throws Exception {
    Browserless b = anonymous();
    for (String route : stateChanging()) {
      assertThat(b.postForm(route, Map.of("token", "right-token"), false).statusCode()).as(route).isEqualTo(401);
    }
    for (String page : List.of("/", "/runs", "/runs/" + RUN, "/plans", "/plans/" + plan.id(), "/plans/" + plan.id() + "/apply")) {
      HttpResponse<String> r = b.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(302);
      assertThat(r.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }
    var feed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(console.url("/runs/" + RUN + "/events"))).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(feed.statusCode()).isEqualTo(401);
    assertThat(Files.exists(victim.resolve("a.log"))).isTrue();
  }

  @Test
  void withoutOrWithAWrongCsrfToken_everyStateChangeIs403() throws Exception {
    Browserless admin = anonymous().login("ada");
    for (String route : stateChanging()) {
      assertThat(admin.postForm(route, Map.of("token", "right-token"), false).statusCode()).as(route).isEqualTo(403);
      assertThat(admin.postForm(route, Map.of("token", "right-token", "csrf", admin.csrf.substring(1) + "x"), false).statusCode())
          .as(route).isEqualTo(403);
    }
    assertThat(admin.get("/").statusCode()).as("the session survived").isEqualTo(200);
    assertThat(console.store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);
  }

  @Test
  void roles_areEnforcedOnTheServer() throws Exception {
    Browserless viewer = anonymous().login("vera");
    for (String route : stateChanging().subList(1, stateChanging().size())) { // all but logout
      assertThat(viewer.postForm(route, Map.of("token", "right-token"), true).statusCode()).as(route).isEqualTo(403);
    }
    assertThat(viewer.get("/plans/" + plan.id()).body()).contains("<button type=\"submit\" id=\"apply\" class=\"danger\" disabled")
        .contains("your role (viewer) may not apply plans").doesNotContain("right-token");
    Browserless approver = anonymous().login("abe");
    assertThat(approver.postForm("/plans/" + plan.id() + "/apply", Map.of("token", "right-token"), true).statusCode()).isEqualTo(403);
    Browserless operator = anonymous().login("olivia");
    assertThat(operator.post("/plans/" + plan.id() + "/approve").statusCode()).isEqualTo(403);
    assertThat(operator.post("/runs/" + RUN + "/approve").statusCode()).isEqualTo(403);
    assertThat(Files.exists(victim.resolve("a.log"))).isTrue();
    assertThat(console.store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);
  }

  @Test
  void wrongToken_isRefused_andNothingIsDeleted() throws Exception {
    Browserless operator = anonymous().login("olivia");
    HttpResponse<String> r = operator.postForm("/plans/" + plan.id() + "/apply", Map.of("token", "wrong-token"), true);

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("Apply refused: wrong confirmation token");
    assertThat(Files.exists(victim.resolve("a.log"))).isTrue();
    assertThat(console.store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);
    assertThat(console.store.auditTail(50, plan.id())).extracting(AuditEntry::action).contains("apply.refused");
    assertThat(operator.get("/plans/" + plan.id() + "/apply").body()).contains("Not applied yet.");
  }

  @Test
  void pendingApproval_refusesApply_andTheAuthorCannotApprove() throws Exception {
    Plan pending = console.plan("olivia@laptop", "web-01", victim.toString(), List.of(entry(victim.resolve("a.log"))), "tok-pending");
    new Approvals(console.store, new AuditLog(console.store, "olivia@laptop"), java.time.Clock.systemUTC())
        .require(Approvals.plan(pending.id()), "olivia@laptop");
    Browserless operator = anonymous().login("olivia");
    HttpResponse<String> r = operator.postForm("/plans/" + pending.id() + "/apply", Map.of("token", "tok-pending"), true);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("needs a second engineer").contains("approval");
    Browserless admin = anonymous().login("ada");
    assertThat(admin.post("/plans/" + pending.id() + "/approve").body()).contains("Approved");
    assertThat(console.store.approval(Approvals.plan(pending.id())).orElseThrow().approver()).isEqualTo("ada@console");
    assertThat(Files.exists(victim.resolve("a.log"))).isTrue();
  }

  @Test
  void runApproval_isShown_refusedToItsAuthor_grantedToAnother() throws Exception {
    Approvals approvals = new Approvals(console.store, new AuditLog(console.store, "ada@laptop"), java.time.Clock.systemUTC());
    approvals.require(Approvals.run(RUN), "ada@laptop");
    Browserless ada = anonymous().login("ada");
    assertThat(ada.get("/runs/" + RUN).body()).contains("Approval pending").contains("id=\"approve\"");
    HttpResponse<String> own = ada.post("/runs/" + RUN + "/approve");
    assertThat(own.statusCode()).isEqualTo(409);
    assertThat(own.body()).contains("Approval refused").contains("second engineer");
    Browserless abe = anonymous().login("abe");
    assertThat(abe.post("/runs/" + RUN + "/approve").body()).contains("Approved by abe@console");
  }

  @Test
  void aViewerPostingARestart_is403_andNothingStarts() throws Exception {
    Browserless viewer = anonymous().login("vera");
    assertThat(viewer.get("/restart").body()).contains("id=\"start-restart\" class=\"danger\" disabled")
        .contains("your role (viewer) may not start runs");
    int runs = console.store.recentRuns(100).size();

    HttpResponse<String> r = viewer.postForm("/restart", Map.of("target", "web-01", "start", "touch started", "verify", "cmd:true",
        "verify_timeout", "2m", "concurrency", "20", "max_errors", "0"), true);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("your role (viewer) may not start runs");
    assertThat(console.store.recentRuns(100)).hasSize(runs);
  }

  @Test
  void restartForm_showsTheOneLineReasonTheCliWouldPrint_andKeepsWhatWasTyped() throws Exception {
    Browserless operator = anonymous().login("olivia");
    Map<String, String> form = new java.util.HashMap<>(Map.of("target", "web-01", "start", "systemctl start app", "verify", "cmd:true",
        "verify_timeout", "2m", "concurrency", "20", "max_errors", "0"));
    form.put("verify", "ftp://nope");
    HttpResponse<String> badCheck = operator.postForm("/restart", form, true);
    assertThat(badCheck.statusCode()).isEqualTo(400);
    assertThat(badCheck.body()).contains("--verify").contains("value=\"systemctl start app\"");
    form.put("verify", "cmd:true");
    form.put("target", "nosuchhost");
    HttpResponse<String> badTarget = operator.postForm("/restart", form, true);
    assertThat(badTarget.statusCode()).isEqualTo(400);
    assertThat(badTarget.body()).contains("nosuchhost");
    form.put("target", "web-01");
    form.put("concurrency", "0");
    assertThat(operator.postForm("/restart", form, true).body()).contains("--concurrency must be at least 1, got 0");
    form.put("concurrency", "20");
    form.put("require_approval", "on"); // creating a run for approval connects nowhere: only the lease can refuse it
    console.store.acquireLeases(RUN, "olivia@laptop", List.of("web-01"), Instant.now());
    try {
      HttpResponse<String> leased = operator.postForm("/restart", form, true);
      assertThat(leased.statusCode()).as(leased.body().replaceAll("(?s).*notice bad[^>]*>([^<]*)<.*", "$1")).isEqualTo(409);
      assertThat(leased.body()).contains("web-01 held by run " + RUN + " (started by olivia@laptop); nothing was started");
    } finally {
      console.store.releaseLeases(RUN);
    }
  }

  @Test
  void cleanupOfAProtectedPath_isRefusedWithTheCliReason_andNothingIsPlanned() throws Exception {
    Browserless operator = anonymous().login("olivia");
    int plans = console.store.recentPlans(100).size();

    HttpResponse<String> r = operator.postForm("/cleanup", Map.of("target", "web-01", "path", "/etc", "name", "*.conf", "ttl", "1h"), true);

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("--path /etc is the protected path /etc; nothing was planned; point --path at the application&#39;s own"
        + " directory").contains("value=\"*.conf\"");
    assertThat(operator.postForm("/cleanup", Map.of("target", "web-01", "path", "/srv/app", "ttl", "1h"), true).body())
        .contains("no selection criteria");
    assertThat(operator.postForm("/cleanup", Map.of("target", "web-01", "path", "/srv/app", "newer_than", "two weeks", "ttl", "1h"), true)
        .body()).contains("--newer-than: &#39;two weeks&#39; is not a duration");
    HttpResponse<String> noKey = operator.postForm("/cleanup", Map.of("target", "web-01", "path", "/srv/app", "older_than", "14d",
        "ttl", "1h"), true);
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(noKey.body()).contains("no key to log in to web-01 (inventory.yaml:2)");
    assertThat(console.store.recentPlans(100)).hasSize(plans);
  }

  @Test
  void aDisabledButtonsAction_postedAnyway_isRefusedForTheReasonShownBesideIt() throws Exception {
    Plan pending = console.plan("ada@laptop", "web-01", victim.toString(), List.of(entry(victim.resolve("a.log"))), "tok-disabled");
    new Approvals(console.store, new AuditLog(console.store, "ada@laptop"), java.time.Clock.systemUTC())
        .require(Approvals.plan(pending.id()), "ada@laptop");
    Browserless ada = anonymous().login("ada");
    String page = ada.get("/plans/" + pending.id()).body();
    String approveWhy = reasonBeside(page, "approve");
    String applyWhy = reasonBeside(page, "apply");
    assertThat(approveWhy).contains("you (ada) made plan:" + pending.id()).contains("four eyes");
    assertThat(applyWhy).contains("needs a second engineer&#39;s approval before it is applied");

    HttpResponse<String> approve = ada.post("/plans/" + pending.id() + "/approve");
    HttpResponse<String> apply = ada.postForm("/plans/" + pending.id() + "/apply", Map.of("token", "tok-disabled"), true);

    assertThat(approve.statusCode()).isEqualTo(409);
    assertThat(approve.body()).contains("Approval refused: " + approveWhy);
    assertThat(apply.statusCode()).isEqualTo(409);
    assertThat(apply.body()).contains("Apply refused: " + applyWhy);
    assertThat(Files.exists(victim.resolve("a.log"))).isTrue();
    assertThat(console.store.approval(Approvals.plan(pending.id())).orElseThrow().granted()).isFalse();
  }

  @Test
  void resumeOfARunDrivenElsewhere_isDisabledWithWhoDrivesIt_andRefusedWhenPostedAnyway() throws Exception {
    console.store.acquireLeases(RUN, "bob@laptop", List.of("web-01"), Instant.now());
    try {
      Browserless operator = anonymous().login("olivia");
      String why = reasonBeside(operator.get("/runs/" + RUN).body(), "resume");
      assertThat(why).startsWith("run " + RUN + " is still driven by bob@laptop");

      HttpResponse<String> r = operator.post("/runs/" + RUN + "/resume");

      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(r.body()).contains("Resume refused: run " + RUN + " is still driven by bob@laptop");
      assertThat(reasonBeside(operator.get("/runs/" + RUN).body(), "stop")).contains("does not drive run " + RUN);
    } finally {
      console.store.releaseLeases(RUN);
    }
  }

  /** The reason shown beside the disabled button {@code id} (HTML-escaped, as on the page). */
  static String reasonBeside(String page, String id) {
    assertThat(page).contains("<button type=\"submit\" id=\"" + id + "\"");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"" + id + "\"[^>]* disabled[^>]*>[^<]*</button><span class=\"why\" id=\""
        + id + "-why\">([^<]+)</span>").matcher(page);
    assertThat(m.find()).as(id + " is disabled with a reason").isTrue();
    return m.group(1);
  }

  @Test
  void fleet_showsEnvironmentAsTextAndColour_andTheRunHoldingALease() throws Exception {
    console.store.acquireLeases(RUN, "olivia@laptop", List.of("web-01"), Instant.now());
    String fleet = anonymous().login("vera").get("/").body();
    assertThat(fleet).contains("<span class=\"env prod\">production</span>").contains("<span class=\"env staging\">staging</span>")
        .contains("leased by run <a href=\"/runs/" + RUN + "\">" + RUN + "</a> (olivia@laptop)")
        .contains("identity: never checked")
        .contains("id=\"check-fleet\" disabled").contains("your role (viewer) may not check the fleet&#39;s identity");
    console.store.releaseLeases(RUN);
  }

  @Test
  void stop_ofARunDrivenElsewhere_saysWhoDrivesIt() throws Exception {
    HttpResponse<String> r = anonymous().login("olivia").post("/runs/" + RUN + "/stop");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("does not drive run " + RUN).contains("olivia@laptop").contains("Ctrl-C");
  }

  @Test
  void crossSitePosts_areRefused_evenTheLoginForm() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.url("/login")))
        .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=vera&password=" + TestConsole.PASSWORD.replace(' ', '+'))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
    var fetchMetadata = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.url("/login")))
        .header("Sec-Fetch-Site", "cross-site").header("Origin", "null").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=vera&password=" + TestConsole.PASSWORD.replace(' ', '+'))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(fetchMetadata.statusCode()).isEqualTo(403);
    var sameSite = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.url("/login")))
        .header("Origin", console.console.url().replaceAll("/$", "")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=vera&password=" + TestConsole.PASSWORD.replace(' ', '+'))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sameSite.statusCode()).isEqualTo(303);
  }

  @Test
  void login_isRateLimitedPerNameAndAddress_andAudited() throws Exception {
    Browserless b = anonymous();
    for (int i = 0; i < 5; i++) {
      assertThat(b.postForm("/login", Map.of("name", "mallory", "password", "guess-" + i), false).statusCode()).isEqualTo(401);
    }
    assertThat(b.postForm("/login", Map.of("name", "mallory", "password", "guess"), false).statusCode()).isEqualTo(429);
    List<String> actions = console.store.auditTail(20, null).stream().map(AuditEntry::action).toList();
    assertThat(actions).contains("login.failed", "login.limited");
  }

  @Test
  void cookie_isHttpOnlySameSiteStrict_andHeadersAreSetOnEveryPage() throws Exception {
    HttpResponse<String> login = anonymous().postForm("/login", Map.of("name", "vera", "password", TestConsole.PASSWORD), false);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(Access.COOKIE + "=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
        .containsIgnoringCase("Path=/");
    assertThat(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))).hasSize(43);
    Browserless viewer = anonymous().login("vera");
    for (HttpResponse<String> r : List.of(anonymous().get("/login"), viewer.get("/"), viewer.get("/plans/" + plan.id()),
        viewer.get("/nope"))) {
      assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'")
          .doesNotContain("unsafe-inline"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void changingAPassword_fromAnotherProcessesStore_endsEverySessionOfThatUser_atTheirNextRequest() throws Exception {
    try (Store other = Stores.open(console.dir.resolve("steady.db").toString())) { // as `steady user passwd` would, elsewhere
      Accounts accounts = new Accounts(other, new AuditLog(other, "admin@cli"));
      accounts.add("paula", Role.OPERATOR, TestConsole.PASSWORD.toCharArray());
      Browserless laptop = anonymous().login("paula");
      Browserless phone = anonymous().login("paula");
      Browserless vera = anonymous().login("vera");
      assertThat(laptop.get("/").statusCode()).isEqualTo(200);

      accounts.setPassword("paula", "a brand new passphrase".toCharArray());

      assertThat(laptop.get("/").statusCode()).as("logged out").isEqualTo(302);
      assertThat(phone.post("/fleet/check").statusCode()).as("a POST too").isEqualTo(401);
      assertThat(laptop.get("/").statusCode()).as("and stays out").isEqualTo(302);
      assertThat(vera.get("/").statusCode()).as("other users keep theirs").isEqualTo(200);

      accounts.setPassword("paula", TestConsole.PASSWORD.toCharArray()); // the same password again: a new hash, sessions end too
      Browserless again = anonymous().login("paula");
      assertThat(again.get("/").statusCode()).isEqualTo(200);
      accounts.remove("paula");
      assertThat(again.get("/").statusCode()).as("removing the account ends it as well").isEqualTo(302);
    }
  }

  @Test
  void logout_endsTheSession() throws Exception {
    Browserless viewer = anonymous().login("vera");
    assertThat(viewer.post("/logout").statusCode()).isEqualTo(303);
    assertThat(viewer.get("/").statusCode()).isEqualTo(302);
    assertThat(console.store.auditTail(20, null)).extracting(AuditEntry::action).contains("login", "logout");
  }

  @Test
  void traversal_inIdsAndPaths_is404() throws Exception {
    Browserless viewer = anonymous().login("vera");
    for (String path : List.of("/plans/..%2f..%2fetc%2fpasswd", "/plans/%2e%2e/%2e%2e/etc/passwd", "/runs/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/..%2fconsole.css", "/static/%2e%2e/%2e%2e/etc/passwd", "/plans/" + plan.id() + "?host=..%2f..%2fetc%2fpasswd",
        "/runs/r-12345678", "/plans/0123456789abcdef")) {
      HttpResponse<String> r = viewer.raw(path);
      assertThat(r.statusCode()).as(path + " " + r.body() + r.headers().map()).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("root:x:0:0");
    }
    assertThat(viewer.raw("/plans/..%2f..%2fetc%2fpasswd").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/no/such/page").body()).contains("<h1>Not found</h1>").doesNotContain("Exception");
    assertThat(viewer.get("/plans/0123456789abcdef").body()).contains("no plan 0123456789abcdef");
  }

  @Test
  void hostNames_fileNames_andOutput_areEscaped() throws Exception {
    Browserless viewer = anonymous().login("vera");
    String fleet = viewer.get("/").body();
    String run = viewer.get("/runs/" + RUN).body();
    String planPage = viewer.get("/plans/" + evilPlan.id()).body();
    String rowPage = viewer.get("/runs/" + RUN + "/rows/0").body();
    for (String body : List.of(fleet, run, planPage, rowPage)) {
      assertThat(body).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("\"onmouseover=\"");
    }
    assertThat(fleet).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("q&quot;onmouseover=&quot;alert(2)");
    assertThat(run).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(4)&gt;")
        .contains("&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;");
    assertThat(rowPage).contains("&lt;img src=x onerror=alert(4)&gt;").contains("&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;");
    assertThat(viewer.get("/runs/" + RUN + "/rows/0/entries").headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertThat(planPage).contains("/srv/&lt;script&gt;alert(3)&lt;/script&gt;.log").contains("/srv/&quot;quoted&quot; &#39;x&#39;.log")
        .contains("/srv/bad-\\xff.log");
    assertThat(viewer.get("/plans/" + evilPlan.id() + "?q=" + java.net.URLEncoder.encode("<script>", StandardCharsets.UTF_8)).body())
        .contains("value=\"&lt;script&gt;\"").contains("alert(3)").doesNotContain("<script>alert");
  }
}
