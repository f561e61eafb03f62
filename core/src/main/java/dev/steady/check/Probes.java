package dev.steady.check;

import dev.steady.transport.Shell;
import java.time.Duration;

/**
 * The command line each check runs on the host. Users' commands go as written (a runbook lists
 * them); steady's own TCP and HTTP probes are fixed POSIX sh scripts whose every value is a quoted
 * argument, never spliced into the script.
 */
final class Probes {

  /** Exit status of a probe that found no tool to do its job on the host. */
  static final int NO_TOOL = 127;
  /** Exit status of a probe that could not make a temporary file. */
  static final int NO_TEMP = 125;

  static final String TCP = "t=; if command -v timeout >/dev/null 2>&1; then t=\"timeout $3\"; fi;"
      + " if command -v bash >/dev/null 2>&1; then exec $t bash -c 'exec 3<>\"/dev/tcp/$1/$2\"' steady-tcp \"$1\" \"$2\";"
      + " elif command -v nc >/dev/null 2>&1; then exec $t nc -z -w \"$3\" \"$1\" \"$2\";"
      + " else echo 'steady: neither bash nor nc on this host to probe a TCP port' >&2; exit 127; fi";

  static final String HTTP = "f=$(mktemp) || exit 125; h=$(mktemp) || exit 125; trap 'rm -f \"$f\" \"$h\"' EXIT;"
      + " t=; if command -v timeout >/dev/null 2>&1; then t=\"timeout $2\"; fi;"
      + " if command -v curl >/dev/null 2>&1; then code=$($t curl -sS -o \"$f\" -w '%{http_code}' --max-time \"$2\" \"$1\"); rc=$?;"
      + " elif command -v wget >/dev/null 2>&1; then $t wget -S -nv --content-on-error --max-redirect=0 -T \"$2\""
      + " -O \"$f\" \"$1\" 2>\"$h\"; rc=$?; code=$(awk '/^  HTTP\\//{c=$2} END{print c}' \"$h\"); grep -v '^  ' \"$h\" >&2;"
      + " else echo 'steady: neither curl nor wget on this host to probe HTTP' >&2; exit 127; fi;"
      + " echo \"${code:-000}\"; cat \"$f\"; exit $rc";

  private Probes() {}

  /** The command to run for {@code check}; probes give up on their own a second before {@code timeout}. */
  static String command(Check check, Duration timeout) {
    String seconds = Long.toString(Math.max(1, timeout.toSeconds() - 1));
    return switch (check) {
      case CommandCheck c -> c.command();
      case NagiosCheck n -> n.commandLine();
      case TcpCheck t -> sh(TCP, "steady-tcp", t.host(), Integer.toString(t.port()), seconds);
      case HttpCheck h -> sh(HTTP, "steady-http", h.url(), seconds);
    };
  }

  private static String sh(String script, String name, String... args) {
    StringBuilder line = new StringBuilder("sh -c ").append(Shell.quote(script)).append(' ').append(name);
    for (String arg : args) {
      line.append(' ').append(Shell.quote(arg));
    }
    return line.toString();
  }
}
