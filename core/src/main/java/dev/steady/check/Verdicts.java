package dev.steady.check;

import dev.steady.transport.CommandResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Turns what a check's command did into a {@link CheckResult}, by the rules of its kind. */
final class Verdicts {

  private Verdicts() {}

  static CheckResult judge(Check check, CommandResult r, Duration elapsed) {
    if (r.exitStatus() == null) {
      return CheckResult.of(CheckResult.FAILED, null, "killed by signal " + r.exitSignal(), elapsed);
    }
    return switch (check) {
      case CommandCheck c -> command(r, elapsed);
      case NagiosCheck n -> nagios(n, r, elapsed);
      case TcpCheck t -> tcp(t, r, elapsed);
      case HttpCheck h -> http(h, r, elapsed);
    };
  }

  private static CheckResult command(CommandResult r, Duration elapsed) {
    if (r.exitStatus() == 126 || r.exitStatus() == 127) {
      return CheckResult.of(CheckResult.ERROR, r.exitStatus(), said(r, "the check command was " + (r.exitStatus() == 127 ? "not found"
          : "not executable") + " (exit " + r.exitStatus() + ")"), elapsed);
    }
    String status = r.succeeded() ? CheckResult.OK : CheckResult.FAILED;
    return CheckResult.of(status, r.exitStatus(), said(r, "exit status " + r.exitStatus()), elapsed);
  }

  private static CheckResult nagios(NagiosCheck n, CommandResult r, Duration elapsed) {
    String line = said(r, "plugin exited " + r.exitStatus() + " without output");
    int perfData = line.indexOf('|');
    String message = perfData > 0 ? line.substring(0, perfData).strip() : line;
    return switch (r.exitStatus()) {
      case 0 -> CheckResult.of(CheckResult.OK, 0, message, elapsed);
      case 1 -> n.warningOk() ? CheckResult.of(CheckResult.OK, 1, "WARNING accepted (--warning-ok): " + message, elapsed)
          : CheckResult.of(CheckResult.WARNING, 1, message, elapsed);
      case 2 -> CheckResult.of(CheckResult.CRITICAL, 2, message, elapsed);
      case 126, 127 -> CheckResult.of(CheckResult.ERROR, r.exitStatus(), message, elapsed);
      default -> CheckResult.of(CheckResult.UNKNOWN, r.exitStatus(), message, elapsed);
    };
  }

  private static CheckResult tcp(TcpCheck t, CommandResult r, Duration elapsed) {
    String where = t.host() + ":" + t.port();
    return switch (r.exitStatus()) {
      case 0 -> CheckResult.of(CheckResult.OK, 0, where + " accepts connections", elapsed);
      case Probes.NO_TOOL, Probes.NO_TEMP -> probeError(r, elapsed);
      case 124 -> CheckResult.of(CheckResult.FAILED, 124, where + " did not answer in time", elapsed);
      default -> CheckResult.of(CheckResult.FAILED, r.exitStatus(), where + " refused or unreachable: " + said(r, "no connection"), elapsed);
    };
  }

  private static CheckResult http(HttpCheck h, CommandResult r, Duration elapsed) {
    if (r.exitStatus() == Probes.NO_TOOL || r.exitStatus() == Probes.NO_TEMP) {
      return probeError(r, elapsed);
    }
    String out = new String(r.stdout().head(), StandardCharsets.UTF_8);
    int newline = out.indexOf('\n');
    String code = (newline < 0 ? out : out.substring(0, newline)).strip();
    String body = newline < 0 ? "" : out.substring(newline + 1);
    if (!code.matches("[1-5][0-9][0-9]")) {
      String why = r.exitStatus() == 124 ? "no answer in time" : Text.firstLine(stderr(r));
      return CheckResult.of(CheckResult.FAILED, r.exitStatus(), "no HTTP answer from " + h.url() + ": "
          + (why.isEmpty() ? "probe exited " + r.exitStatus() : why), elapsed);
    }
    return httpAnswer(h, Integer.parseInt(code), body, r, elapsed);
  }

  private static CheckResult httpAnswer(HttpCheck h, int code, String body, CommandResult r, Duration elapsed) {
    String answered = "HTTP " + code + " from " + h.url();
    if (code != h.expectStatus()) {
      return CheckResult.of(CheckResult.FAILED, r.exitStatus(), answered + ", expected " + h.expectStatus(), elapsed);
    }
    if (h.bodyContains() != null && !body.contains(h.bodyContains())) {
      String kept = r.stdout().truncated() ? " (first " + r.stdout().head().length + " bytes read)" : "";
      return CheckResult.of(CheckResult.FAILED, r.exitStatus(), answered + " but the body does not contain '"
          + h.bodyContains() + "'" + kept + "; it begins: " + Text.firstLine(body), elapsed);
    }
    String with = h.bodyContains() == null ? "" : ", body contains '" + h.bodyContains() + "'";
    return CheckResult.of(CheckResult.OK, r.exitStatus(), answered + with, elapsed);
  }

  private static CheckResult probeError(CommandResult r, Duration elapsed) {
    return CheckResult.of(CheckResult.ERROR, r.exitStatus(), said(r, "probe could not run (exit " + r.exitStatus() + ")"), elapsed);
  }

  /** The first line of stdout, else of stderr, else {@code otherwise}. */
  private static String said(CommandResult r, String otherwise) {
    String out = Text.firstLine(r.stdout().text());
    String line = out.isEmpty() ? Text.firstLine(stderr(r)) : out;
    return line.isEmpty() ? otherwise : line;
  }

  private static String stderr(CommandResult r) {
    return new String(r.stderr().head(), StandardCharsets.UTF_8);
  }
}
