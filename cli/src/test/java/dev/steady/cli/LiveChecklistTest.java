package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live checklist as an on-call engineer sees it: a restart over twelve real hosts whose start
 * prints a long line, drawn in tmux at 80, 120 and 200 columns, resized while it runs, taller than
 * the screen, and on a dumb terminal. Read back with capture-pane (wrapped lines joined, scrollback
 * included), every host's row is on the screen once and no line is wider than the terminal.
 */
@Timeout(300)
class LiveChecklistTest {

  static final List<String> NAMES = IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("app-%02d", i)).toList();
  static final String SAID = "restarted after rotating the logs of the application server, reloading /etc/app/config.yaml and warming"
      + " the caches of every tenant on this host, which took a while";
  static final String START = "sleep 0.$((RANDOM % 6)); echo '" + SAID + "'; touch running";
  static final String VERIFY = "nagios:test -f running && echo 'APP OK - " + SAID + "'";
  static final Pattern ROW = Pattern.compile("^(app-\\d\\d) +restart +[A-Z]+ .*");

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;
  @TempDir Path work;
  CliFleet cli;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    String missing = Tmux.unavailable();
    assumeTrue(missing == null, () -> "skipped: " + missing);
    cli = CliFleet.in(fleet, work);
    cli.clearMarkers("running");
  }

  private Path restartScript(Tmux t) throws Exception {
    return t.script("restart", cli.args("restart", "all", "--start", START, "--verify", VERIFY, "--concurrency", "4"), "");
  }

  @ParameterizedTest(name = "{0} columns")
  @ValueSource(ints = {80, 120, 200})
  void restart_drawsEveryHostOnce_andNoLineWiderThanTheTerminal(int columns) throws Exception {
    try (Tmux t = Tmux.start(work, columns, 30, "xterm-256color")) {
      t.type("sh " + restartScript(t));
      List<String> screen = t.await("steady exited", 120);

      assertThat(screen).contains("steady exited 0").anyMatch(l -> l.startsWith("ALL-CLEAR: 12/12 done (run r-"));
      assertFits(screen, columns);
      assertEachHostOnce(screen);
      String full = messageOfFirstRow(screen);
      assertThat(full).contains(SAID);
      for (String row : rows(screen)) {
        assertThat(row).matches("app-\\d\\d      restart  DONE +\\d+\\.\\ds  .*");
        String message = row.replaceFirst("^app-\\d\\d      restart  DONE +\\d+\\.\\ds  ", "");
        assertThat(message.equals(full) || message.endsWith("…") && full.startsWith(message.substring(0, message.length() - 1)))
            .as("'%s' is the message or its beginning and an ellipsis", message).isTrue();
      }
      if (columns < 200) {
        assertThat(rows(screen)).allMatch(r -> r.endsWith("…"));
      }
    }
  }

  @Test
  void resizedWhileRunning_theChecklistFollowsTheNewWidth_withoutCopiesOfRows() throws Exception {
    try (Tmux t = Tmux.start(work, 200, 30, "xterm-256color")) {
      t.type("sh " + restartScript(t));
      t.await("DONE", 60);
      t.resize(80, 30);
      t.await("steady exited", 120);
      List<String> screen = t.screen();

      assertThat(screen).as("the frame drawn at 200 columns went to the scrollback as tmux reflowed it").contains("steady exited 0");
      assertEachHostOnce(screen);
      assertFits(screen, 80);
    }
  }

  @Test
  void checklistTallerThanTheScreen_showsTheCountsAndTheRowsUnderWay_inAWindow() throws Exception {
    try (Tmux t = Tmux.start(work, 100, 8, "xterm-256color")) {
      t.type("sh " + restartScript(t));
      List<String> screen = t.await("steady exited", 120);

      assertThat(screen).contains("steady exited 0").anyMatch(l -> l.startsWith("ALL-CLEAR: 12/12 done"))
          .anyMatch(l -> l.startsWith("12/12 done (12 rows; the rows under way or needing attention below)"));
      assertFits(screen, 100);
      assertThat(rows(screen)).as("done rows leave the window").isEmpty();
    }
  }

  @Test
  void statusOfARun_fitsTheTerminal_andFullShowsTheWholeMessage() throws Exception {
    Cli.Result restart = cli.steady("--json", "restart", "all", "--start", START, "--verify", VERIFY, "--concurrency", "6");
    assertThat(restart.status()).as(restart.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(restart.out());
    String run = json.get("id").asText();
    String message = json.get("rows").get(0).get("message").asText();
    assertThat(message).contains(SAID);

    try (Tmux t = Tmux.start(work, 80, 30, "xterm-256color")) {
      t.type("sh " + t.script("status", cli.args("status", run), ""));
      List<String> cut = t.await("steady exited", 60);
      assertFits(cut, 80);
      assertEachHostOnce(cut);
      t.type("clear; sh " + t.script("status-full", cli.args("status", run, "--full"), ""));
      Thread.sleep(200);
      List<String> full = t.await("steady exited", 60);
      assertThat(rows(full)).hasSize(12).allMatch(r -> r.endsWith("  " + message));
    }
  }

  @Test
  void dumbTerminal_getsPlainAppendedLines_withTheWholeMessages() throws Exception {
    try (Tmux t = Tmux.start(work, 80, 30, "dumb")) {
      t.type("sh " + restartScript(t));
      List<String> screen = t.await("steady exited", 120);

      assertThat(screen).contains("steady exited 0");
      assertThat(screen).anyMatch(l -> l.matches("app-01 +restart +CONNECTING .*"))
          .anyMatch(l -> l.matches("app-01 +restart +ACTING .*starting: " + Pattern.quote(START)))
          .anyMatch(l -> l.matches("app-01 +restart +DONE .*" + Pattern.quote(SAID)));
    }
  }

  /** The whole message of app-01's row, as status --json has it, of the run the screen's summary names. */
  private String messageOfFirstRow(List<String> screen) throws Exception {
    String run = screen.stream().filter(l -> l.startsWith("ALL-CLEAR")).findFirst().orElseThrow().replaceAll(".*\\(run (r-[0-9a-f]+)\\).*", "$1");
    Cli.Result status = cli.steady("--json", "status", run);
    return new ObjectMapper().readTree(status.out()).get("rows").get(0).get("message").asText();
  }

  private static List<String> rows(List<String> screen) {
    return screen.stream().filter(l -> ROW.matcher(l).matches()).toList();
  }

  private static void assertEachHostOnce(List<String> screen) {
    List<String> hosts = rows(screen).stream().map(l -> l.substring(0, 6)).toList();
    assertThat(hosts).as(String.join("\n", screen)).containsExactlyElementsOf(NAMES);
  }

  private static void assertFits(List<String> screen, int columns) {
    assertThat(screen).as(String.join("\n", screen)).allSatisfy(l -> assertThat(Width.of(l)).as(l).isLessThanOrEqualTo(columns));
  }
}
