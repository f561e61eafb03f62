package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.exec.ExecListener;
import dev.steady.exec.ExecReport;
import dev.steady.exec.ExecRequest;
import dev.steady.exec.FleetExec;
import dev.steady.exec.HostOutcome;
import dev.steady.inventory.Host;
import dev.steady.transport.CommandResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code steady exec TARGET -- CMD…}: one command, identity-checked, on every selected host. */
@Command(
    name = "exec",
    sortOptions = false,
    description = {
      "Run a command on each host of TARGET after checking its identity on the very connection that",
      "runs it: the host key must be pinned in known_hosts and `hostname` must answer the inventory",
      "name (or expect_hostname). A host that fails the check is REFUSED and nothing runs there.",
      "Output is grouped under one banner per host, in inventory order, then a summary line.",
      "",
      "Several words after -- are joined with spaces, as ssh does; quote a pipeline as one word.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  steady exec web -- uptime",
      "  steady exec 'app:!web-03' -- 'systemctl is-active myapp'",
      "  steady exec all --json -- df -h /      (JSON lines: host, state, exit_status, stdout, stderr)",
      "  steady exec db --become -- systemctl restart postgresql",
      "  STEADY_BECOME_PASSWORD=… steady exec web --become-user app -- ./bin/rotate-logs",
      "",
      "Logging in: as your ssh would. Keys held by ssh-agent first (SSH_AUTH_SOCK, or the host's IdentityAgent),",
      "then identity_file and each IdentityFile of the ssh config, with KEY-cert.pub / CertificateFile; an",
      "encrypted key's passphrase is asked once on the terminal (or STEADY_KEY_PASSPHRASE). --become acts",
      "through sudo. README: 'Using your existing ssh setup'.",
      "",
      "Exit status: 0 the command exited 0 on every host; 4 some host failed, was refused or",
      "unreachable; 2 bad input (unknown target, unreadable inventory or key file, wrong passphrase)."
    })
final class ExecCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET",
      description = "Hosts: all, names, groups, globs (web-0*), unions a:b, exclusions a:!b, intersections a:&b.")
  String target;

  @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*", description = "The command, after --.")
  List<String> command;

  @picocli.CommandLine.Mixin BecomeOptions become;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", converter = Units.ConcurrencyConverter.class, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "10m", converter = Units.PositiveDurationConverter.class,
      description = "How long the command may run on each host (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--connect-timeout", paramLabel = "DUR", defaultValue = "10s", converter = Units.PositiveDurationConverter.class,
      description = "Connect, key exchange and login, per host (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--max-output", paramLabel = "SIZE", defaultValue = "1M", converter = Units.SizeConverter.class,
      description = "Bytes of stdout and of stderr kept per host; the rest is counted, digested and marked (default ${DEFAULT-VALUE}).")
  int maxOutput;

  @Override
  public Integer call() {
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = become.apply(ctx.select(target));
      ExecRequest request = new ExecRequest(target, hosts, String.join(" ", command), concurrency, timeout, maxOutput);
      FleetExec exec = new FleetExec(ctx.transport(connectTimeout, become), ctx.audit());
      long start = System.nanoTime();
      ExecReport report = exec.run(request, ctx.json() ? new JsonLines(ctx) : new Banners(ctx));
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      ctx.human().println(summary(ctx.terminal, report, ms));
      return report.allOk() ? ExitStatus.DONE : ExitStatus.NOT_ALL_CLEAR;
    }
  }

  static String summary(Terminal t, ExecReport report, long ms) {
    long n = report.outcomes().size();
    String line = n + (n == 1 ? " host: " : " hosts: ") + report.count("ok") + " ok, " + report.count("failed") + " failed, "
        + report.count("refused") + " refused, " + report.count("unreachable") + " unreachable"
        + " (" + report.id() + ", " + String.format("%.1f", ms / 1000.0) + "s)";
    return report.allOk() ? t.green(line) : t.red(line);
  }

  /** One banner per host, then its output; never interleaved. */
  private static final class Banners implements ExecListener {
    private final Context ctx;

    Banners(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public void hostDone(HostOutcome outcome) {
      Terminal t = ctx.terminal;
      Host host = outcome.host();
      StringBuilder b = new StringBuilder();
      b.append(t.bold("── ")).append(t.host(host)).append(' ').append(t.dim(Terminal.safe(host.address()) + ":" + host.port()))
          .append(' ').append(t.env(host)).append(t.bold(" ── ")).append(t.state(outcome.state())).append(detail(outcome)).append('\n');
      switch (outcome) {
        case HostOutcome.Ran ran -> appendOutput(b, ran.result());
        case HostOutcome.Broken broken -> b.append("   ").append(t.red(Terminal.safe(broken.reason()))).append('\n');
        case HostOutcome.Refused refused -> b.append("   ").append(t.red(Terminal.safe(refused.identity().message()))).append('\n');
        case HostOutcome.Unreachable down -> b.append("   ").append(t.amber(Terminal.safe(down.identity().message()))).append('\n');
      }
      ctx.out.print(b);
      ctx.out.flush();
    }

    private static String detail(HostOutcome outcome) {
      if (outcome instanceof HostOutcome.Ran ran) {
        CommandResult r = ran.result();
        String status = r.exitStatus() != null ? "exit " + r.exitStatus() : "signal " + r.exitSignal();
        return " · " + status + " · " + String.format("%.2fs", r.elapsed().toMillis() / 1000.0);
      }
      return "";
    }

    private void appendOutput(StringBuilder b, CommandResult r) {
      appendStream(b, r.stdout().text(), "");
      appendStream(b, r.stderr().text(), ctx.terminal.red("! "));
    }

    private static void appendStream(StringBuilder b, String text, String prefix) {
      if (text.isEmpty()) {
        return;
      }
      String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      for (String line : Terminal.safeLines(body).split("\n", -1)) {
        b.append(prefix).append(line).append('\n');
      }
    }
  }

  /** JSON lines of DESIGN.md §6, one per host, in inventory order. */
  private static final class JsonLines implements ExecListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Context ctx;

    JsonLines(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public void hostDone(HostOutcome outcome) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("host", outcome.host().name());
      line.put("state", outcome.state());
      line.put("exit_status", outcome instanceof HostOutcome.Ran ran ? ran.result().exitStatus() : null);
      line.put("stdout", outcome instanceof HostOutcome.Ran ran ? ran.result().stdout().text() : "");
      line.put("stderr", outcome instanceof HostOutcome.Ran ran ? ran.result().stderr().text() : "");
      line.put("identity", outcome.identity().code());
      line.put("key_fingerprint", outcome.identity().fingerprint());
      line.put("message", message(outcome));
      try {
        ctx.out.println(JSON.writeValueAsString(line));
        ctx.out.flush();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot write JSON for " + outcome.host().name(), e);
      }
    }

    private static String message(HostOutcome outcome) {
      return switch (outcome) {
        case HostOutcome.Ran ran -> ran.result().succeeded() ? "" : "exit status " + ran.result().exitStatus();
        case HostOutcome.Broken broken -> broken.reason();
        case HostOutcome.Refused refused -> refused.identity().message();
        case HostOutcome.Unreachable down -> down.identity().message();
      };
    }
  }
}
