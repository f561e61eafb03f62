package dev.steady.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CHECK specs as typed on the command line and written in runbooks, and their exact errors. */
@Timeout(10)
class ChecksTest {

  @Test
  void parse_readsEveryKind() {
    assertThat(Checks.parse("cmd: systemctl is-active nginx ")).isEqualTo(new CommandCheck("systemctl is-active nginx"));
    assertThat(Checks.parse("nagios:check_procs -C nginx -c 1:")).isEqualTo(new NagiosCheck("check_procs -C nginx -c 1:"));
    assertThat(Checks.parse("tcp:8080")).isEqualTo(new TcpCheck("127.0.0.1", 8080));
    assertThat(Checks.parse("tcp:db-01.internal:5432")).isEqualTo(new TcpCheck("db-01.internal", 5432));
    assertThat(Checks.parse("tcp:[::1]:22")).isEqualTo(new TcpCheck("::1", 22));
    assertThat(Checks.parse("http://127.0.0.1:8080/health")).isEqualTo(new HttpCheck("http://127.0.0.1:8080/health", 200, null));
    assertThat(Checks.parse("https://app/ready status=204")).isEqualTo(new HttpCheck("https://app/ready", 204, null));
    assertThat(Checks.parse("http://app/ status=503 contains=down for maintenance"))
        .isEqualTo(new HttpCheck("http://app/", 503, "down for maintenance"));
    assertThat(Checks.parse("HTTP://app/ contains=ok")).isEqualTo(new HttpCheck("HTTP://app/", 200, "ok"));
  }

  @Test
  void parse_treatsABareStringAsACommand() {
    assertThat(Checks.parse("pgrep -x nginx")).isEqualTo(new CommandCheck("pgrep -x nginx"));
    assertThat(Checks.parse("/usr/local/bin/healthy --quick")).isEqualTo(new CommandCheck("/usr/local/bin/healthy --quick"));
    assertThat(Checks.parse("FOO=a:b ./check")).isEqualTo(new CommandCheck("FOO=a:b ./check"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tcp:abc|--verify 'tcp:abc': port must be a number 1-65535; e.g. tcp:8080",
      "tcp:0|--verify 'tcp:0': port must be a number 1-65535; e.g. tcp:8080",
      "tcp:65536|--verify 'tcp:65536': port must be a number 1-65535; e.g. tcp:8080",
      "tcp:db:|--verify 'tcp:db:': port must be a number 1-65535; e.g. tcp:8080",
      "tcp:a/b:80|--verify 'tcp:a/b:80': host must be a name or address (letters, digits, '.', '-', ':'); e.g. tcp:10.0.0.5:5432 or tcp:8080",
      "cmd:|--verify 'cmd:': the command is empty; e.g. cmd:systemctl is-active nginx",
      "nagios:|--verify 'nagios:': the command is empty; e.g. nagios:check_procs -C nginx -c 1:",
      "http://|--verify 'http://': not a valid URL; e.g. http://127.0.0.1:8080/health status=200 contains=ok",
      "http://app/ status=20x|--verify 'http://app/ status=20x': status must be an HTTP status 100-599; e.g. http://127.0.0.1:8080/ status=204",
      "http://app/ status=700|--verify 'http://app/ status=700': status must be an HTTP status 100-599; e.g. http://127.0.0.1:8080/ status=204",
      "http://app/ code=200|--verify 'http://app/ code=200': unknown option 'code=200'; options are status=NNN and contains=TEXT (last, may hold spaces); e.g. http://127.0.0.1:8080/health status=200 contains=ok",
      "http://app/ contains=|--verify 'http://app/ contains=': contains= needs the text the body must hold; e.g. http://127.0.0.1:8080/health contains=\"status\":\"UP\"",
      "tpc:8080|--verify 'tpc:8080': unknown check type 'tpc:'; use cmd:, nagios:, tcp:, http:// or https:// (write cmd:COMMAND for a command that starts like this); e.g. tcp:8080, http://127.0.0.1:8080/health, cmd:systemctl is-active nginx",
      "http:/app|--verify 'http:/app': unknown check type 'http:'; use cmd:, nagios:, tcp:, http:// or https:// (write cmd:COMMAND for a command that starts like this); e.g. tcp:8080, http://127.0.0.1:8080/health, cmd:systemctl is-active nginx",
  })
  void parse_rejectsBadSpecs_withOneLineNamingTheInputAndAnExample(String spec, String message) {
    assertThatThrownBy(() -> Checks.parse(spec))
        .isInstanceOf(SteadyException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.BAD_INPUT));
  }

  @Test
  void parse_namesTheSourceAndShowsControlCharactersEscaped() {
    assertThatThrownBy(() -> Checks.parse("cmd:   "))
        .hasMessage("--verify 'cmd:   ': the command is empty; e.g. cmd:systemctl is-active nginx");
    assertThatThrownBy(() -> Checks.parse("", "--precheck"))
        .hasMessage("--precheck '': the check is empty; e.g. tcp:8080, http://127.0.0.1:8080/health, cmd:systemctl is-active nginx");
    assertThatThrownBy(() -> Checks.parse("tcp:\u001b[31m", "restart.yaml step 2 (verify)"))
        .hasMessage("restart.yaml step 2 (verify) 'tcp:\\x1b[31m': port must be a number 1-65535; e.g. tcp:8080");
  }

  @Test
  void fromYaml_readsStringsAndMaps() {
    assertThat(Checks.fromYaml("tcp:8080", "s")).isEqualTo(new TcpCheck("127.0.0.1", 8080));
    assertThat(Checks.fromYaml(Map.of("tcp", 8080), "s")).isEqualTo(new TcpCheck("127.0.0.1", 8080));
    assertThat(Checks.fromYaml(Map.of("tcp", "db:5432"), "s")).isEqualTo(new TcpCheck("db", 5432));
    assertThat(Checks.fromYaml(Map.of("cmd", "pgrep nginx"), "s")).isEqualTo(new CommandCheck("pgrep nginx"));
    assertThat(Checks.fromYaml(Map.of("nagios", "check_disk -w 10%"), "s")).isEqualTo(new NagiosCheck("check_disk -w 10%"));
    assertThat(Checks.fromYaml(Map.of("http", "http://app/h", "status", 204, "contains", "a b"), "s"))
        .isEqualTo(new HttpCheck("http://app/h", 204, "a b"));
  }

  @Test
  void fromYaml_rejectsAmbiguousOrUnknownMaps() {
    assertThatThrownBy(() -> Checks.fromYaml(Map.of("tcp", 80, "cmd", "x"), "deploy.yaml step 1 (verify)"))
        .hasMessage("deploy.yaml step 1 (verify): a check map needs exactly one of cmd, nagios, tcp, http;"
            + " e.g. {http: 'http://127.0.0.1:8080/health', status: 200} or 'tcp:8080'");
    assertThatThrownBy(() -> Checks.fromYaml(Map.of("tcp", 80, "timeout", 5), "s"))
        .hasMessageStartingWith("s: a check map needs exactly one of cmd, nagios, tcp, http; unknown keys [timeout];");
    assertThatThrownBy(() -> Checks.fromYaml(Map.of("tcp", 80, "status", 200), "s"))
        .hasMessageStartingWith("s: status and contains go only with http;");
    assertThatThrownBy(() -> Checks.fromYaml(Map.of("http", "http://a/ status=500"), "s"))
        .hasMessageStartingWith("s: http must be a URL without spaces;");
    assertThatThrownBy(() -> Checks.fromYaml(Map.of("tcp", "abc"), "s"))
        .hasMessage("s 'tcp:abc': port must be a number 1-65535; e.g. tcp:8080");
    assertThatThrownBy(() -> Checks.fromYaml(42, "s")).hasMessageStartingWith("s: a check is a string");
  }

  @Test
  void describe_saysWhatPassesOnOneLine() {
    assertThat(Checks.parse("cmd:a\nb").describe()).isEqualTo("command `a\\nb` exits 0");
    assertThat(Checks.parse("nagios:check_load").describe()).isEqualTo("Nagios plugin `check_load` returns OK");
    assertThat(Checks.parse("tcp:8080").describe()).isEqualTo("TCP 127.0.0.1:8080 accepts connections (probed from the host)");
    assertThat(Checks.parse("tcp:[::1]:22").describe()).isEqualTo("TCP [::1]:22 accepts connections (probed from the host)");
    assertThat(Checks.parse("http://app/h contains=UP").describe())
        .isEqualTo("GET http://app/h answers 200 with a body containing 'UP' (from the host)");
  }
}
