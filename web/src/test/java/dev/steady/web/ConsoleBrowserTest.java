package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.check.Checks;
import dev.steady.cleanup.Planner;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.inventory.Inventory;
import dev.steady.plan.Criteria;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanListener;
import dev.steady.plan.PlanRequest;
import dev.steady.run.RateControl;
import dev.steady.run.RestartSpec;
import dev.steady.run.RowState;
import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import dev.steady.run.RunListener;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Debian chromium) against three embedded SSH hosts: log
 * in, start a restart and watch its checklist turn green live, plan a cleanup and review it page by
 * page and by search, see one's own Approve disabled with the reason, approve as a second user,
 * apply with the token; every page at 1280 and 1920 px without sideways scrolling (screenshots in
 * target/screenshots).
 */
@Timeout(120)
class ConsoleBrowserTest {

  static final List<String> NAMES = List.of("app-01", "app-02", "app-03");
  @TempDir static Path dir;
  static EmbeddedFleet fleet;
  static TestConsole console;
  static ChromeDriver browser;
  static FleetTransport transport;
  static Inventory inventory;

  @BeforeAll
  static void start() throws Exception {
    browser = Chromium.start(dir.resolve("profile"));
    fleet = EmbeddedFleet.start(dir.resolve("fleet"), NAMES);
    Path inventoryFile = fleet.writeInventory(dir.resolve("inventory.yaml"), "production");
    console = TestConsole.start(Files.createDirectories(dir.resolve("console")), inventoryFile, fleet.knownHosts());
    inventory = Inventory.load(inventoryFile, null);
    transport = new FleetTransport(KnownHosts.load(fleet.knownHosts()), new TransportOptions(Duration.ofSeconds(5), null));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (transport != null) {
      transport.close();
    }
    if (console != null) {
      console.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @BeforeEach
  void loggedOut() {
    browser.manage().deleteAllCookies();
  }

  WebDriverWait waiting(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  void login(String user) {
    browser.manage().deleteAllCookies();
    browser.get(console.url("/login"));
    browser.findElement(By.id("name")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(TestConsole.PASSWORD);
    navigate(By.cssSelector("form.login button"));
    waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label=main]")));
  }

  @Test
  void fleetPage_showsHostsInOrder_andAnIdentityCheckAppears() {
    login("olivia");
    assertThat(browser.findElements(By.cssSelector("li.host h3")).stream().map(WebElement::getText).toList()).containsExactlyElementsOf(NAMES);
    assertThat(browser.findElement(By.cssSelector("li.host .env")).getText()).isEqualToIgnoringCase("production");
    navigate(By.xpath("//button[text()='Check identity of all hosts']"));
    waiting(30).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("p.identity.ok"), NAMES.size()));
  }

  static void resetHosts() throws Exception {
    for (EmbeddedHost h : fleet.hosts()) {
      Files.deleteIfExists(h.root().resolve("running"));
      Files.deleteIfExists(h.root().resolve("start.count"));
    }
  }

  static long starts(EmbeddedHost h) throws Exception {
    Path count = h.root().resolve("start.count");
    return Files.exists(count) ? Files.readAllLines(count).size() : 0;
  }

  @Test
  void interruptedRun_resumedFromTheConsole_stoppedThere_thenResumedToAllClear() throws Exception {
    resetHosts();
    RunEngine cli = new RunEngine(transport, console.store, new AuditLog(console.store, "olivia@laptop"), Clock.systemUTC(), "olivia@laptop");
    RestartSpec spec = new RestartSpec(null, "echo started >> start.count && sleep 2 && touch running", Checks.parse("cmd:test -f running"),
        Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(30));
    Instant before = Instant.now();
    CompletableFuture<RunInfo> first = CompletableFuture.supplyAsync(() -> cli.restart("all", inventory.hosts(), spec,
        new RateControl(1, 0, false, null, Duration.ZERO), new RunListener() {}));
    String id = waitForRunSince(before);
    while (console.store.rows(id).stream().allMatch(r -> r.state() == RowState.PENDING)) {
      Thread.sleep(20);
    }
    cli.stop(); // Ctrl-C in the terminal that drove it, while the first host acts: the other two stay pending
    assertThat(first.get().state()).isEqualTo("interrupted");

    login("olivia");
    browser.get(console.url("/runs/" + id));
    assertThat(browser.findElement(By.id("banner")).getText()).contains("interrupted");
    assertThat(browser.findElement(By.xpath("//button[text()='Stop']")).isDisplayed()).isFalse();
    navigate(By.xpath("//button[text()='Resume']"));
    navigate(By.xpath("//button[text()='Stop']"));
    assertThat(browser.findElement(By.cssSelector(".notice.info")).getText()).contains("Stopping");
    waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "interrupted"));
    assertThat(console.store.rows(id)).anyMatch(r -> !r.state().terminal());

    waiting(10).until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Resume']")));
    navigate(By.xpath("//button[text()='Resume']"));
    waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "ALL-CLEAR"));
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isEqualTo(1);
    }
    assertThat(console.store.auditTail(200, id)).filteredOn(e -> e.actor().equals("olivia@console")).extracting(e -> e.action())
        .contains("run.resume", "run.stop");
  }

  @Test
  void restartChecklist_turnsGreenLive_withoutReload() throws Exception {
    resetHosts();
    login("olivia");
    browser.get(console.url("/runs"));
    List<Host> hosts = inventory.hosts();
    RunEngine engine = new RunEngine(transport, console.store, new AuditLog(console.store, "olivia@laptop"), Clock.systemUTC(), "olivia@laptop");
    RestartSpec spec = new RestartSpec(null, "sleep 1 && touch running", Checks.parse("cmd:test -f running"), Duration.ofSeconds(10),
        Duration.ofMillis(100), Duration.ofSeconds(30));
    Instant before = Instant.now();
    CompletableFuture<RunInfo> run = CompletableFuture.supplyAsync(() -> engine.restart("all", hosts, spec,
        new RateControl(1, 0, false, null, Duration.ZERO), new RunListener() {}));
    String id = waitForRunSince(before);
    browser.get(console.url("/runs/" + id));
    WebElement banner = browser.findElement(By.id("banner"));
    assertThat(banner.getText()).startsWith("RUNNING");

    waiting(60).until(ExpectedConditions.textToBePresentInElement(banner, "ALL-CLEAR"));

    assertThat(run.get().allClear()).isTrue();
    assertThat(browser.findElements(By.cssSelector("#checklist td.state")).stream().map(WebElement::getText).toList())
        .containsExactly("DONE", "DONE", "DONE");
    assertThat(banner.getAttribute("class")).contains("ok");
    assertThat(browser.findElements(By.cssSelector(".actions button"))).noneMatch(WebElement::isDisplayed);
    browser.findElement(By.cssSelector("#row-0 summary")).click();
    waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#row-0 ul.entries"), "identity"));
    assertThat(browser.findElement(By.cssSelector("#row-0 ul.entries")).getText()).contains("run.result").doesNotContain("app-02");
  }

  private String waitForRunSince(Instant before) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      var runs = console.store.recentRuns(5).stream().filter(r -> !r.startedAt().isBefore(before.minusSeconds(1))).toList();
      if (!runs.isEmpty()) {
        return runs.get(runs.size() - 1).id();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the restart never started");
  }

  @Test
  void cleanupPlan_reviewed_refusedToItsAuthor_approvedBySomeoneElse_appliedWithTheToken() throws Exception {
    EmbeddedHost host = fleet.host("app-02");
    Path logs = Files.createDirectories(host.root().resolve("var/log/app"));
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
    for (int i = 0; i < 250; i++) {
      Files.setLastModifiedTime(Files.writeString(logs.resolve(String.format("old-%03d.log", i)), "x".repeat(i + 1)), old);
    }
    for (int i = 0; i < 30; i++) {
      Files.writeString(logs.resolve("new-" + i + ".log"), "keep");
    }
    Plan plan = new Planner(transport, console.store, new AuditLog(console.store, "ada@laptop"), Clock.systemUTC(), "ada@laptop")
        .plan(new PlanRequest("app-02", inventory.select("app-02"), logs.toString(), new Criteria(Duration.ofDays(14), null, null, null,
            List.of(), List.of(), null, null, null, null, false, false), Duration.ofHours(1), 4), new PlanListener() {});
    new Approvals(console.store, new AuditLog(console.store, "ada@laptop"), Clock.systemUTC()).require(Approvals.plan(plan.id()), plan.author());
    assertThat(plan.count()).isEqualTo(250);

    login("ada");
    browser.get(console.url("/plans"));
    navigate(By.linkText(plan.id().substring(0, 12)));
    assertThat(browser.findElement(By.cssSelector("dl.facts")).getText()).contains("250 files").contains("pending");
    java.util.Set<String> seen = new java.util.HashSet<>(names(rows()));
    assertThat(rows()).hasSize(100).first().asString().startsWith("1 ");
    navigate(By.id("next-page"));
    assertThat(rows()).hasSize(100).first().asString().startsWith("101 ");
    seen.addAll(names(rows()));
    navigate(By.id("next-page"));
    assertThat(rows()).hasSize(50).last().asString().startsWith("250 ");
    seen.addAll(names(rows()));
    assertThat(seen).hasSize(250);
    assertThat(browser.findElements(By.id("next-page"))).isEmpty();
    browser.findElement(By.id("q")).sendKeys("old-07");
    navigate(By.cssSelector("form.search button"));
    assertThat(rows()).hasSize(10).allSatisfy(r -> assertThat(r).contains("old-07"));

    assertThat(Screens.whyDisabled(browser, "approve")).as("the author's own Approve is not offered")
        .contains("you (ada) made plan:").contains("a second engineer must approve it");

    login("abe");
    browser.get(console.url("/plans/" + plan.id()));
    navigate(By.id("approve"));
    assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("Approved");
    assertThat(browser.findElement(By.cssSelector("dl.facts")).getText()).contains("approved by abe@console");

    login("olivia");
    browser.get(console.url("/plans/" + plan.id()));
    browser.findElement(By.id("token")).sendKeys("not-the-token");
    navigate(By.id("apply"));
    assertThat(browser.findElement(By.cssSelector(".notice.bad")).getText()).contains("wrong confirmation token");
    assertThat(Files.exists(logs.resolve("old-000.log"))).isTrue();
    String token = browser.findElement(By.cssSelector("strong.token")).getText();
    browser.findElement(By.id("token")).sendKeys(token);
    navigate(By.id("apply"));
    waiting(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("apply-state"), "ALL DONE"));

    try (var left = Files.list(logs)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("old-")).toList()).isEmpty();
    }
    try (var left = Files.list(logs)) {
      assertThat(left.count()).isEqualTo(30);
    }
  }

  @Test
  void restartStartedFromTheConsole_overRealHosts_followsItsChecklistLive_toAllClear() throws Exception {
    resetHosts();
    login("olivia");
    browser.get(console.url("/restart"));
    Screens.check(browser, "restart-form", By.id("target"), By.id("verify"), By.id("start-restart"));
    browser.findElement(By.id("target")).sendKeys("all");
    browser.findElement(By.id("start")).sendKeys("echo started >> start.count && echo restarted the app && seq 1 5000 && echo 'cache: cold' >&2"
        + " && sleep 2 && touch running");
    browser.findElement(By.id("verify")).sendKeys("cmd:test -f running");
    type(By.id("concurrency"), "1");

    navigate(By.id("start-restart"));

    assertThat(browser.getCurrentUrl()).matches(".*/runs/r-[0-9a-f]{8}");
    String id = browser.getCurrentUrl().replaceAll(".*/runs/", "");
    assertThat(browser.findElement(By.id("counts")).getText()).endsWith("of 3");
    assertThat(browser.findElement(By.id("stop")).isEnabled()).as("this console drives the run: it can stop it").isTrue();
    assertThat(Screens.whyDisabled(browser, "resume")).startsWith("run " + id + " is still driven by olivia@console");
    Screens.check(browser, "run-live", By.id("banner"), By.id("checklist"), By.id("stop"));

    waiting(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "ALL-CLEAR"));

    assertThat(browser.findElement(By.id("counts")).getText()).isEqualTo("3 done · 0 failed · 0 refused · 0 unknown · 0 pending of 3");
    for (EmbeddedHost h : fleet.hosts()) {
      assertThat(starts(h)).as(h.name()).isEqualTo(1);
    }
    assertThat(console.store.findRun(id).orElseThrow().user()).isEqualTo("olivia@console");
    browser.findElement(By.cssSelector("#row-0 summary")).click();
    waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#row-0 div.outputs"), "restarted the app"));
    assertThat(browser.findElement(By.cssSelector("#row-0 div.outputs")).getText()).contains("cache: cold");
    Screens.check(browser, "run-all-clear", By.id("banner"), By.cssSelector("#row-0 pre.out"), By.cssSelector("ol.timeline dl.kv"));
    navigate(By.linkText("Output and audit entries of app-01"));
    assertThat(browser.findElement(By.cssSelector("pre.out")).getText()).startsWith("restarted the app\n1\n2\n3\n");
    assertThat(browser.findElement(By.cssSelector("p.more")).getText()).isEqualTo("… 7,527 more bytes not kept");
    Screens.check(browser, "run-row", By.cssSelector("pre.out"), By.cssSelector("ol.timeline"));
  }

  @Test
  void cleanupPlannedFromTheConsole_reviewed_approvedByAnother_appliedWithTheTypedToken() throws Exception {
    Path logs = Files.createDirectories(fleet.host("app-03").root().resolve("var/log/batch"));
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
    for (int i = 0; i < 20; i++) {
      Files.setLastModifiedTime(Files.writeString(logs.resolve("job-" + i + ".log"), "x".repeat(100 * (i + 1))), old);
      Files.setLastModifiedTime(Files.writeString(logs.resolve("job-" + i + ".gz"), "keep"), old);
    }
    Files.writeString(logs.resolve("today.log"), "keep");
    login("olivia");
    browser.get(console.url("/cleanup"));
    Screens.check(browser, "cleanup-form", By.id("path"), By.id("older_than"), By.id("make-plan"));
    browser.findElement(By.id("target")).sendKeys("app-03");
    browser.findElement(By.id("path")).sendKeys(logs.toString());
    browser.findElement(By.id("older_than")).sendKeys("14d");
    browser.findElement(By.id("name")).sendKeys("*.log");
    browser.findElement(By.id("require_approval")).click();

    navigate(By.id("make-plan"));
    waiting(60).until(d -> d.getCurrentUrl().matches(".*/plans/[0-9a-f]{64}")); // a slow listing shows its progress first

    assertThat(browser.findElement(By.cssSelector("dl.facts")).getText()).contains("20 files").contains("olivia@console").contains("pending");
    assertThat(browser.findElement(By.cssSelector("code.criteria")).getText()).isEqualTo("--older-than 14d --name '*.log'");
    assertThat(Screens.whyDisabled(browser, "approve")).isEqualTo("your role (operator) may not approve plans");
    assertThat(Screens.whyDisabled(browser, "apply")).contains("needs a second engineer's approval before it is applied");
    assertThat(browser.findElement(By.id("token")).isEnabled()).isFalse();
    assertThat(browser.findElements(By.cssSelector("strong.token"))).isEmpty();
    Screens.check(browser, "plan-awaiting-approval", By.id("approve"), By.id("apply"), By.cssSelector("code.criteria"));
    String plan = browser.getCurrentUrl().replaceAll(".*/plans/", "");

    login("abe");
    browser.get(console.url("/plans/" + plan));
    assertThat(Screens.whyDisabled(browser, "apply")).isEqualTo("your role (approver) may not apply plans");
    navigate(By.id("approve"));
    assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("Approved");

    login("olivia");
    browser.get(console.url("/plans/" + plan));
    assertThat(browser.findElements(By.id("approve"))).as("approved: nothing left to approve").isEmpty();
    browser.findElement(By.id("token")).sendKeys(browser.findElement(By.cssSelector("strong.token")).getText());
    navigate(By.id("apply"));
    waiting(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("apply-state"), "ALL DONE"));
    Screens.check(browser, "apply-report", By.id("apply-state"));

    try (var left = Files.list(logs)) {
      assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")).toList()).containsExactly("today.log");
    }
    try (var left = Files.list(logs)) {
      assertThat(left.count()).isEqualTo(21);
    }
  }

  @Test
  void theOtherPages_fitAt1280And1920_evenWithLongNamesAndValues() throws Exception {
    browser.get(console.url("/login"));
    Screens.check(browser, "login", By.id("name"), By.cssSelector("form.login button"));
    login("vera");
    Screens.check(browser, "fleet", By.cssSelector("li.host"), By.id("check-fleet"));
    String deep = "/srv/app/" + "very_long_directory_name_without_any_break_".repeat(6) + "/file.log";
    Path file = Files.writeString(dir.resolve("plain.log"), "x");
    Plan plan = console.plan("ada@laptop", "app-01", "/srv/app", List.of(
        new dev.steady.plan.FileEntry(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8), 10, 1, 1, 1),
        new dev.steady.plan.FileEntry(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, 1, 2, 1)), "long-token");
    String run = "r-00001abe";
    Instant now = Instant.now();
    console.store.createRun(new RunInfo(run, "restart", "not_all_clear", false, "ada@laptop", "app-01", now, now, "{}"), List.of(
        new dev.steady.run.RunRow(run, "app-01", "restart", 0, RowState.PENDING, null, null, null, 0, null)));
    console.store.transition(run, "app-01", "restart", RowState.FAILED, 1, "start exited 1: " + "Error:NoSuchFileOrDirectory:".repeat(20),
        true, now);
    new AuditLog(console.store, "ada@laptop").append("run.result", "app-01", run, java.util.Map.of("stdout_sha256", "ab".repeat(32),
        "spec", "{\"restart\":" + "{\"start\":\"systemctl restart app\"},".repeat(12) + "}", "hosts", List.of("app-01", "app-02")));

    browser.get(console.url("/plans"));
    Screens.check(browser, "plans", By.cssSelector("table"));
    browser.get(console.url("/plans/" + plan.id()));
    assertThat(Screens.whyDisabled(browser, "apply")).isEqualTo("your role (viewer) may not apply plans");
    Screens.check(browser, "plan-long-paths", By.id("file-list"), By.id("apply"));
    browser.get(console.url("/runs"));
    Screens.check(browser, "runs", By.cssSelector("h1"));
    browser.get(console.url("/runs/" + run));
    assertThat(browser.findElement(By.id("counts")).getText()).isEqualTo("0 done · 1 failed · 0 refused · 0 unknown · 0 pending of 1");
    assertThat(Screens.whyDisabled(browser, "resume")).isEqualTo("your role (viewer) may not resume or stop runs");
    Screens.check(browser, "run-not-all-clear", By.id("banner"), By.cssSelector("ol.timeline details.fold"));
    browser.get(console.url("/restart"));
    assertThat(Screens.whyDisabled(browser, "start-restart")).isEqualTo("your role (viewer) may not start runs");
    Screens.check(browser, "restart-form-viewer", By.id("start-restart"));
    browser.get(console.url("/no/such/page"));
    Screens.check(browser, "not-found", By.cssSelector(".notice.bad"));

    login("olivia");
    browser.get(console.url("/cleanup"));
    browser.findElement(By.id("target")).sendKeys("all");
    browser.findElement(By.id("path")).sendKeys("/etc");
    browser.findElement(By.id("name")).sendKeys("*.conf");
    navigate(By.id("make-plan"));
    assertThat(browser.findElement(By.cssSelector(".notice.bad")).getText()).startsWith("--path /etc is the protected path /etc; nothing was planned");
    assertThat(browser.findElement(By.id("name")).getAttribute("value")).as("what was typed stays").isEqualTo("*.conf");
    Screens.check(browser, "cleanup-refused", By.cssSelector(".notice.bad"), By.id("make-plan"));
  }

  private void type(By field, String text) {
    WebElement e = browser.findElement(field);
    e.clear();
    e.sendKeys(text);
  }

  private static List<String> names(List<String> rows) {
    return rows.stream().map(r -> r.replaceAll(".*(old-\\d+\\.log).*", "$1")).toList();
  }

  /**
   * Clicks what leads to a new page and waits until the new page has loaded. The old page is marked
   * with a window property a new document does not have; asking an old element whether it went stale
   * races the navigation (chromedriver may answer "node does not belong to the document" instead), so
   * errors while the page is being replaced count as "not yet".
   */
  void navigate(By by) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript("window.steadyOldPage = true;");
    browser.findElement(by).click();
    waiting(30)
        .ignoring(WebDriverException.class)
        .until(d -> Boolean.TRUE.equals(js.executeScript("return window.steadyOldPage === undefined && document.readyState === 'complete';")));
  }

  private List<String> rows() {
    return browser.findElements(By.cssSelector("#file-list tbody tr")).stream().map(WebElement::getText).toList();
  }
}
