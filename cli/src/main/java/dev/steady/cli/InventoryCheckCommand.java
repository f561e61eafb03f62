package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.exec.FleetCheck;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady inventory check TARGET}: connect to each host and show its identity. */
@Command(name = "check", description = {
    "Connect to each host and prove its identity: the host key it presents must be pinned in",
    "known_hosts under the host's inventory name, `hostname` must answer exactly that name (or",
    "expect_hostname), and /etc/machine-id must hold the id recorded by `inventory pin` (or",
    "expect_machine_id). Runs nothing else.",
    "",
    "identity is one of: ok, mismatch (changed or revoked key, wrong hostname or machine-id),",
    "unknown_key (pin it with `steady inventory pin` after checking it), unreachable.",
    ""},
    footer = {"", "Exit status: 0 every host ok; 4 some host is not; 2 bad input."})
final class InventoryCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", defaultValue = "all", description = "Which hosts (default: all).")
  String target;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", converter = Units.ConcurrencyConverter.class, description = "Hosts checked at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() {
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = ctx.select(target);
      FleetCheck check = new FleetCheck(ctx.transport(), ctx.audit());
      List<FleetCheck.Checked> results = check.check(hosts, concurrency, c -> print(ctx, c));
      long ok = results.stream().filter(c -> c.identity() instanceof Identity.Verified).count();
      String summary = results.size() + " hosts: " + ok + " ok, " + (results.size() - ok) + " not ok";
      ctx.human().println(ok == results.size() ? ctx.terminal.green(summary) : ctx.terminal.red(summary));
      return ok == results.size() ? ExitStatus.DONE : ExitStatus.NOT_ALL_CLEAR;
    }
  }

  private static void print(Context ctx, FleetCheck.Checked checked) {
    Host host = checked.host();
    Identity identity = checked.identity();
    if (ctx.json()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("host", host.name());
      line.put("address", host.address() + ":" + host.port());
      line.put("key_fingerprint", identity.fingerprint());
      line.put("hostname", identity instanceof Identity.Verified v ? v.hostname()
          : identity instanceof Identity.HostnameMismatch m ? m.answered() : null);
      line.put("machine_id", identity instanceof Identity.Verified v ? v.machineId()
          : identity instanceof Identity.MachineIdMismatch m ? m.answered() : null);
      line.put("identity", identity.code());
      line.put("message", identity.message());
      try {
        ctx.out.println(new ObjectMapper().writeValueAsString(line));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    Terminal t = ctx.terminal;
    String state = t.state(identity.code());
    String key = identity.fingerprint() == null ? "-" : identity.fingerprint();
    ctx.out.println(t.host(host) + "  " + Terminal.safe(host.address()) + ":" + host.port() + "  " + state + "  " + key);
    if (!(identity instanceof Identity.Verified)) {
      ctx.out.println("   " + Terminal.safe(identity.message()));
    } else {
      Identity.Verified v = (Identity.Verified) identity;
      ctx.out.println("   hostname " + Terminal.safe(v.hostname()) + (v.machineId() == null ? "" : ", machine-id " + Terminal.safe(v.machineId())));
    }
  }
}
