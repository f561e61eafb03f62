package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the environment steady runs in may change, and what it must not: a cron job's C locale does
 * not turn "café" into "caf?" (steady runs as a child JVM with exactly the environment given);
 * NO_COLOR (when set and not empty), TERM=dumb and --no-color turn colours off, also in --help;
 * with --json a failure is a JSON document on stdout too; 64-bit values are JSON strings.
 */
@Timeout(120)
class EnvironmentCliTest {

  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;
  @TempDir Path work;
  CliFleet cli;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, List.of("web-01"));
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    cli = CliFleet.in(fleet, work);
  }

  record Run(int status, String out, String err) {}

  /**
   * steady as a child JVM of this test's classpath with exactly {@code env} (plus PATH and HOME),
   * as cron or {@code env -i} would start it, and {@code jvm} options.
   */
  private Run steady(Map<String, String> env, List<String> jvm, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).redirectOutput(work.resolve("out").toFile()).redirectError(work.resolve("err").toFile());
    b.environment().clear();
    b.environment().put("PATH", System.getenv("PATH"));
    b.environment().put("HOME", work.toString());
    b.environment().put("STEADY_ANCHOR", work.resolve("anchor").toString());
    b.environment().putAll(env);
    Process p = b.start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(work.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(work.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void cLocale_execJson_writesUtf8_notQuestionMarks() throws Exception {
    Run r = steady(Map.of("LC_ALL", "C"), List.of(), cli.args("--json", "exec", "web-01", "--", "printf 'caf\\303\\251 \\342\\234\\223'"));

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("stdout").asText()).isEqualTo("café ✓");
    assertThat(r.out()).contains("\"stdout\":\"café ✓\"");
  }

  @Test
  void colour_isOffForNoColorSetAndNotEmpty_forTermDumb_andForNoColorOption_butNotForAnEmptyNoColor() throws Exception {
    List<String> list = List.of("--inventory", cli.inventory.toString(), "--known-hosts", cli.knownHosts.toString(), "inventory", "list");
    String red = "\u001b[31;1mweb-01";

    assertThat(steady(Map.of("STEADY_FORCE_COLOR", "1", "TERM", "xterm"), List.of(), list).out()).contains(red);
    assertThat(steady(Map.of("STEADY_FORCE_COLOR", "1", "TERM", "xterm", "NO_COLOR", ""), List.of(), list).out()).contains(red);
    assertThat(steady(Map.of("STEADY_FORCE_COLOR", "1", "TERM", "xterm", "NO_COLOR", "1"), List.of(), list).out()).doesNotContain("\u001b[");
    assertThat(steady(Map.of("STEADY_FORCE_COLOR", "1", "TERM", "dumb"), List.of(), list).out()).doesNotContain("\u001b[");
    List<String> noColor = new ArrayList<>(List.of("--no-color"));
    noColor.addAll(list);
    assertThat(steady(Map.of("STEADY_FORCE_COLOR", "1", "TERM", "xterm"), List.of(), noColor).out()).doesNotContain("\u001b[");
  }

  @Test
  void help_honoursNoColorOption_NoColorAndDumbTerminal() throws Exception {
    List<String> forced = List.of("-Dpicocli.ansi=true");

    assertThat(steady(Map.of("TERM", "xterm"), forced, List.of("--help")).out()).contains("\u001b[");
    assertThat(steady(Map.of("TERM", "xterm"), forced, List.of("--no-color", "--help")).out()).doesNotContain("\u001b[");
    assertThat(steady(Map.of("TERM", "xterm"), forced, List.of("cleanup", "plan", "--help", "--no-color")).out()).doesNotContain("\u001b[");
    assertThat(steady(Map.of("TERM", "xterm", "NO_COLOR", "1"), forced, List.of("--help")).out()).doesNotContain("\u001b[");
    assertThat(steady(Map.of("TERM", "dumb"), forced, List.of("--help")).out()).doesNotContain("\u001b[");
  }

  @Test
  void jsonError_isOneJsonDocumentOnStdout_besidesTheLineOnStderr() throws Exception {
    Cli.Result unknown = cli.steady("--json", "status", "r-nope");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.out()).isEqualTo("{\"error\":{\"kind\":\"bad_input\",\"message\":\"no run 'r-nope' in this store;"
        + " `steady status` lists the runs\",\"exit\":2}}\n");
    assertThat(unknown.err()).isEqualTo("steady: no run 'r-nope' in this store; `steady status` lists the runs\n");

    Cli.Result usage = cli.steady("--json", "status", "--bogus");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(usage.out()).get("error").get("kind").asText()).isEqualTo("bad_input");

    try (Store s = Stores.open(cli.store.toString())) {
      s.createRun(new RunInfo("r-0000done", "restart", "done", true, "alice@laptop", "web-01", Instant.now(), Instant.now(), "{}"),
          List.of(new RunRow("r-0000done", "web-01", "restart", 0, RowState.DONE, 0, Instant.now(), Instant.now(), 1, "verified")));
    }
    Cli.Result refused = cli.steady("--json", "resume", "r-0000done");
    assertThat(refused.status()).isEqualTo(3);
    JsonNode error = new ObjectMapper().readTree(refused.out()).get("error");
    assertThat(error.get("kind").asText()).isEqualTo("refused");
    assertThat(error.get("exit").asInt()).isEqualTo(3);
    assertThat(error.get("message").asText()).startsWith("run r-0000done has no unfinished row");
  }

  @Test
  void planJson_writes64BitValuesAsStrings_soJqCannotRoundThem() throws Exception {
    Path dir = Files.createDirectories(fleet.host("web-01").root().resolve("logs-" + System.nanoTime()));
    Path file = Files.writeString(dir.resolve("a.log"), "x");
    Files.writeString(dir.resolve("b.txt"), "kept");
    Files.writeString(dir.resolve("c.txt"), "kept");
    Cli.Result plan = cli.steady("--json", "cleanup", "plan", "web-01", "--path", dir.toString(), "--name", "*.log");
    assertThat(plan.status()).as(plan.toString()).isZero();
    String id = new ObjectMapper().readTree(plan.out()).get("id").asText();

    JsonNode json = new ObjectMapper().readTree(cli.steady("--json", "plan", "show", id, "--files").out());

    JsonNode f = json.get("hosts").get(0).get("files").get(0);
    Instant mtime = Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toInstant();
    assertThat(f.get("mtime_ns").isTextual()).isTrue();
    assertThat(f.get("mtime_ns").asText()).isEqualTo(Long.toString(mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano()));
    assertThat(f.get("inode").isTextual()).isTrue();
    assertThat(f.get("device").isTextual()).isTrue();
    assertThat(f.get("size").isNumber()).isTrue();
    assertThat(json.get("hosts").get(0).get("newest_mtime_ns").asText()).isEqualTo(f.get("mtime_ns").asText());
  }
}
