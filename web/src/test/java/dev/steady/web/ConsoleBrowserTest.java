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
