package dev.steady.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.Shell;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of check, run once on a real embedded SSH host over a verified connection. */
@Timeout(60)
class CheckRunnerTest {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  @TempDir static Path dir;
  static CheckHost fixture;
  static HttpServer http;
  static String base;

  VerifiedConnection connection;

  @BeforeAll
  static void start() throws IOException {
    fixture = CheckHost.start(dir);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/health", ex -> answer(ex, 200, "{\"status\":\"UP\"}\nsecond line"));
    http.createContext("/down", ex -> answer(ex, 503, "maintenance"));
    http.start();
    base = "http://127.0.0.1:" + http.getAddress().getPort();
  }

  static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @AfterAll
  static void stop() {
    http.stop(0);
    fixture.close();
  }

  @BeforeEach
  void connect() throws Exception {
    connection = fixture.connect();
  }

  @AfterEach
  void closeConnection() {
    connection.close();
  }

  CheckResult run(String spec) {
    return CheckRunner.run(connection, Checks.parse(spec), TIMEOUT);
  }

  @Test
  void command_passesOnExitZero_withFirstLineAsMessage() {
    CheckResult r = run("cmd:echo ready; echo more");
    assertThat(r.passed()).isTrue();
    assertThat(r.status()).isEqualTo("OK");
    assertThat(r.exitStatus()).isZero();
    assertThat(r.message()).isEqualTo("ready");
    assertThat(r.elapsed()).isPositive();
  }

  @Test
  void command_failsOnNonZeroExit_withStderrWhenNoStdout() {
    CheckResult r = run("test -f /nonexistent-steady || { echo 'not there' >&2; exit 3; }");
    assertThat(r.passed()).isFalse();
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.exitStatus()).isEqualTo(3);
    assertThat(r.message()).isEqualTo("not there");
  }

  @Test
  void command_runsInTheHostsTree() throws IOException {
    java.nio.file.Files.writeString(fixture.host.root().resolve("marker"), "x");
    assertThat(run("cmd:test -f marker").passed()).isTrue();
  }

  @Test
  void nagios_mapsExitStatusesToStates_withFirstLineWithoutPerfData() {
    assertNagios(0, "OK", true);
    assertNagios(1, "WARNING", false);
    assertNagios(2, "CRITICAL", false);
    assertNagios(3, "UNKNOWN", false);
    assertNagios(7, "UNKNOWN", false);
  }

  @Test
  void nagios_aBarePluginName_isFoundInThePluginFolders_withItsArguments() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("/usr/local/nagios/libexec");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(dir.getParent().getParent())
        || java.nio.file.Files.isWritable(dir), "needs to write /usr/local/nagios/libexec (root, as in CI)");
    boolean made = !java.nio.file.Files.exists(dir);
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Path plugin = dir.resolve("check_steady_" + ProcessHandle.current().pid());
    try {
      java.nio.file.Files.writeString(plugin, "#!/bin/sh\necho \"STEADY OK: args $*|perf=1\"\nexit 0\n");
      java.nio.file.Files.setPosixFilePermissions(plugin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

      CheckResult r = run("nagios:" + plugin.getFileName() + " -w 10 -c '20 30'");

      assertThat(r.passed()).as(r.summary()).isTrue();
      assertThat(r.message()).isEqualTo("STEADY OK: args -w 10 -c 20 30");
    } finally {
      java.nio.file.Files.deleteIfExists(plugin);
      if (made) {
        java.nio.file.Files.deleteIfExists(dir);
        java.nio.file.Files.deleteIfExists(dir.getParent());
      }
    }
  }

  @Test
  void nagios_aBarePluginFoundNowhere_isAnErrorNamingTheFolders_andAWaitStopsAtOnce() {
    List<CheckResult> tries = new java.util.ArrayList<>();

    CheckResult r = CheckRunner.waitUntil(connection, Checks.parse("nagios:check_no_such_plugin_steady -c 1"), Duration.ofSeconds(20),
        Duration.ofMillis(200), tries::add);

    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.exitStatus()).isEqualTo(127);
    assertThat(r.message()).isEqualTo("steady: Nagios plugin check_no_such_plugin_steady is not in /usr/lib/nagios/plugins,"
        + " /usr/lib64/nagios/plugins, /usr/local/nagios/libexec nor on PATH on this host");
    assertThat(tries).hasSize(1);
  }

  @Test
  void nagios_unknown_endsAWaitAtOnce_butCriticalIsRetried() {
    List<CheckResult> unknown = new java.util.ArrayList<>();
    List<CheckResult> critical = new java.util.ArrayList<>();

    CheckRunner.waitUntil(connection, Checks.parse("nagios:echo 'PROCS UNKNOWN: bad argument'; exit 3"), Duration.ofSeconds(2),
        Duration.ofMillis(200), unknown::add);
    CheckRunner.waitUntil(connection, Checks.parse("nagios:echo 'PROCS CRITICAL: 0'; exit 2"), Duration.ofSeconds(1),
        Duration.ofMillis(200), critical::add);

    assertThat(unknown).hasSize(1);
    assertThat(critical.size()).isGreaterThan(1);
  }

  @Test
  void nagios_withWarningOk_passesOnWarning_sayingSo_butNotOnCritical() {
    Check warning = Checks.parse("nagios:echo 'DISK WARNING: 85% used'; exit 1", "--verify", true);
    Check critical = Checks.parse("nagios:echo 'DISK CRITICAL: 99% used'; exit 2", "--verify", true);

    CheckResult w = CheckRunner.run(connection, warning, TIMEOUT);
    CheckResult c = CheckRunner.run(connection, critical, TIMEOUT);

    assertThat(w.passed()).isTrue();
    assertThat(w.message()).isEqualTo("WARNING accepted (--warning-ok): DISK WARNING: 85% used");
    assertThat(c.passed()).isFalse();
    assertThat(warning.spec()).startsWith("nagios-warning-ok:");
    assertThat(Checks.parse(warning.spec())).isEqualTo(warning);
  }

  @Test
  void command_notFound_isAnErrorThatEndsAWait() {
    List<CheckResult> tries = new java.util.ArrayList<>();

    CheckResult r = CheckRunner.waitUntil(connection, Checks.parse("cmd:no-such-health-command-steady"), Duration.ofSeconds(20),
        Duration.ofMillis(200), tries::add);

    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.exitStatus()).isEqualTo(127);
    assertThat(tries).hasSize(1);
  }

  void assertNagios(int exit, String status, boolean passed) {
    CheckResult r = run("nagios:printf 'PROCS " + status + ": 3 processes | procs=3;;\\nlong text\\n'; exit " + exit);
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.passed()).isEqualTo(passed);
    assertThat(r.exitStatus()).isEqualTo(exit);
    assertThat(r.message()).isEqualTo("PROCS " + status + ": 3 processes");
  }

  @Test
  void tcp_passesWhenAPortListensOnTheHost() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      CheckResult r = run("tcp:" + server.getLocalPort());
      assertThat(r.passed()).as(r.summary()).isTrue();
      assertThat(r.message()).isEqualTo("127.0.0.1:" + server.getLocalPort() + " accepts connections");
      assertThat(run("tcp:127.0.0.1:" + server.getLocalPort()).passed()).isTrue();
    }
  }

  @Test
  void tcp_failsOnAClosedPort() throws IOException {
    int port = freePort();
    CheckResult r = run("tcp:" + port);
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.message()).startsWith("127.0.0.1:" + port + " refused or unreachable: ").contains("refused");
  }

  @Test
  void tcp_isAnErrorWhenTheHostHasNeitherBashNorNc() throws Exception {
    Path bin = fixture.binWith("bin-sh-only", "sh");
    CheckResult r = runWithPath(bin, new TcpCheck("127.0.0.1", freePort()));
    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.message()).isEqualTo("steady: neither bash nor nc on this host to probe a TCP port");
  }

  @Test
  void http_passesOn200WithTheBodyText() {
    CheckResult r = run(base + "/health contains=\"status\":\"UP\"");
    assertThat(r.passed()).as(r.summary()).isTrue();
    assertThat(r.exitStatus()).isZero();
    assertThat(r.message()).isEqualTo("HTTP 200 from " + base + "/health, body contains '\"status\":\"UP\"'");
  }

  @Test
  void http_failsOnAnotherStatus() {
    CheckResult r = run(base + "/down");
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.message()).isEqualTo("HTTP 503 from " + base + "/down, expected 200");
    assertThat(run(base + "/down status=503 contains=maint").passed()).isTrue();
  }

  @Test
  void http_failsWhenTheBodyLacksTheText() {
    CheckResult r = run(base + "/health contains=DOWN");
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.message()).isEqualTo("HTTP 200 from " + base + "/health but the body does not contain 'DOWN';"
        + " it begins: {\"status\":\"UP\"}");
  }

  @Test
  void http_failsWhenNothingListens() throws IOException {
    CheckResult r = run("http://127.0.0.1:" + freePort() + "/");
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.message()).startsWith("no HTTP answer from http://127.0.0.1:").contains("curl: (7)");
  }

  @Test
  void http_fallsBackToWget() throws Exception {
    Path bin = fixture.binWith("bin-wget", "sh", "wget", "mktemp", "rm", "awk", "grep", "cat", "timeout");
    CheckResult ok = runWithPath(bin, new HttpCheck(base + "/health", 200, "UP"));
    assertThat(ok.passed()).as(ok.summary()).isTrue();
    CheckResult down = runWithPath(bin, new HttpCheck(base + "/down", 200, null));
    assertThat(down.message()).isEqualTo("HTTP 503 from " + base + "/down, expected 200");
    CheckResult refused = runWithPath(bin, new HttpCheck("http://127.0.0.1:" + freePort() + "/", 200, null));
    assertThat(refused.status()).isEqualTo("FAILED");
    assertThat(refused.message()).contains("Connection refused");
  }

  @Test
  void http_isAnErrorWhenTheHostHasNeitherCurlNorWget() throws Exception {
    Path bin = fixture.binWith("bin-no-http", "sh", "mktemp", "rm");
    CheckResult r = runWithPath(bin, new HttpCheck(base + "/health", 200, null));
    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.message()).isEqualTo("steady: neither curl nor wget on this host to probe HTTP");
  }

  @Test
  void outputWithControlCharacters_isMadeSafeToPrint() {
    CheckResult r = run("cmd:printf 'bad \\033[31mred\\033[0m \\342\\200\\256x\\n'; exit 1");
    assertThat(r.message()).isEqualTo("bad \\x1b[31mred\\x1b[0m \\u202ex");
  }

  @Test
  void aCommandOverItsTimeout_failsWithoutThrowing() {
    CheckResult r = CheckRunner.run(connection, new CommandCheck("sleep 5"), Duration.ofMillis(700));
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.message()).startsWith("no result within 700ms");
  }

  @Test
  void aDroppedConnection_isAnErrorResult_notAnException() {
    fixture.host.disconnectAll();
    CheckResult r = run("cmd:true");
    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.passed()).isFalse();
    assertThat(r.exitStatus()).isNull();
    assertThat(r.message()).contains("127.0.0.1");
  }

  @Test
  void aConnectionDroppedDuringTheCheck_isAnErrorResult() throws Exception {
    Thread dropper = Thread.ofVirtual().start(() -> {
      sleep(400);
      fixture.host.disconnectAll();
    });
    CheckResult r = run("cmd:sleep 5");
    dropper.join();
    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
  }

  CheckResult runWithPath(Path bin, Check check) throws IOException {
    String command = "PATH=" + Shell.quote(bin.toString()) + "; export PATH; " + Probes.command(check, TIMEOUT);
    CommandResult r = connection.run(command, TIMEOUT, CheckRunner.OUTPUT_CAP);
    return Verdicts.judge(check, r, Duration.ZERO);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
