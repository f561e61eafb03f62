package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live checklist's feed over real server-sent events: many clients of one run share one
 * poller (the store is read once per period whatever their number), only changed rows are pushed,
 * and polling stops when the last client goes.
 */
@Timeout(60)
class RunFeedTest {

  static final String RUN = "r-feed0001";
  @TempDir static Path dir;
  static TestConsole console;

  @BeforeAll
  static void start() throws Exception {
    console = TestConsole.start(dir, "hosts:\n  web-01: {address: 127.0.0.1, port: 1}\n  web-02: {address: 127.0.0.1, port: 1}\n",
        dir.resolve("known_hosts"));
    console.store.createRun(new RunInfo(RUN, "restart", "running", false, "olivia@laptop", "all", Instant.now(), null, "{}"), List.of(
        new RunRow(RUN, "web-01", "restart", 0, RowState.PENDING, null, null, null, 0, null),
        new RunRow(RUN, "web-02", "restart", 1, RowState.PENDING, null, null, null, 0, null)));
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  /** One SSE client: its lines arrive on a queue; closing the stream disconnects it. */
  record Client(InputStream body, BlockingQueue<String> lines) {
    String next(String prefix) throws InterruptedException {
      for (String line = lines.poll(10, TimeUnit.SECONDS); line != null; line = lines.poll(10, TimeUnit.SECONDS)) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      throw new AssertionError("no line starting with " + prefix);
    }
  }

  static Client connect(HttpClient http, String session) throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(console.url("/runs/" + RUN + "/events")))
        .header("Accept", "text/event-stream").header("Cookie", Access.COOKIE + "=" + session).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (Exception closed) {
        // the test closed the stream
      }
    });
    return new Client(r.body(), lines);
  }

  @Test
  void fiftyClients_shareOnePoller_getOnlyChangedRows_andPollingStopsWhenTheyLeave() throws Exception {
    String session = new Browserless(console).login("vera").session;
    HttpClient http = HttpClient.newHttpClient();
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      clients.add(connect(http, session));
    }
    for (Client c : clients) {
      assertThat(c.next("data:")).contains("\"host\":\"web-01\"").contains("PENDING");
    }
    assertThat(console.console.followedRuns()).isEqualTo(1);

    long polls = console.console.feedPolls();
    Thread.sleep(1000);
    long perSecond = console.console.feedPolls() - polls;
    assertThat(perSecond).as("one poller at 200 ms, not one per client").isBetween(2L, 8L);

    console.store.transition(RUN, "web-02", "restart", RowState.DONE, 0, "started, verified", true, Instant.now());
    for (Client c : clients) {
      String data = c.next("data:");
      while (data.contains("PENDING") || data.contains("\"state\":\"running\"")) {
        data = c.next("data:");
      }
      assertThat(data).contains("\"host\":\"web-02\"").contains("DONE").doesNotContain("web-01");
    }

    for (Client c : clients) {
      c.body().close();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (console.console.followedRuns() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(console.console.followedRuns()).as("nobody follows: polling stopped").isZero();
    long after = console.console.feedPolls();
    Thread.sleep(600);
    assertThat(console.console.feedPolls()).isEqualTo(after);
  }
}
