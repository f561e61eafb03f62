package dev.steady.cli;

import dev.steady.exec.FleetPin;
import dev.steady.identity.PinFiles;
import dev.steady.inventory.Host;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady inventory pin TARGET}: reviewed trust on first use. */
@Command(name = "pin", description = {
    "Record the host keys of TARGET in known_hosts (trust on first use, reviewed). steady runs only",
    "the key exchange to fetch the keys, shows each key's SHA-256 fingerprint, and pins them after",
    "you type the confirmation token of that review. Compare the fingerprints with the host's owner",
    "or console first: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host.",
    "",
    "A pin binds the key to the host's inventory NAME (written `name,address`, which OpenSSH reads",
    "too): a key pinned for another name, or for the address only, never vouches for this host.",
    "Once a key is pinned, steady logs in (hostname checked) and records the host's /etc/machine-id",
    "in the same line, so a clone that copied the key and the name is still refused. Hosts already",
    "pinned get their missing machine-id recorded by every pin (it only makes checks stricter).",
    "",
    "A host whose key or machine-id differs from the pinned one (CHANGED) is refused unless",
    "--replace: that is what a man in the middle, a clone or an impostor looks like.",
    ""},
    footer = {"", "In scripts: steady inventory pin web --confirm TOKEN (the token is printed by the review).",
        "", "Exit status: 0 pinned (or nothing new); 3 refused (changed key, wrong or missing token); 4 some host unreachable."})
final class InventoryPinCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "Which hosts.")
  String target;

  @Option(names = "--replace", description = "Replace the pin of hosts whose key or machine-id CHANGED (after you verified it with the owner).")
  boolean replace;

  @Option(names = "--confirm", paramLabel = "TOKEN", description = "The token shown by the review, for scripts.")
  String confirm;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", converter = Units.ConcurrencyConverter.class, description = "Hosts probed at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() {
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = ctx.select(target);
      PinFiles pins = ctx.pins();
      FleetPin pin = new FleetPin(ctx.transport(), ctx.audit());
      List<FleetPin.Probed> probed = pin.probe(hosts, pins::now, concurrency);
      review(ctx, probed);
      List<FleetPin.Probed> toPin = FleetPin.toPin(probed, replace);
      boolean unreachable = probed.stream().anyMatch(p -> p.key() == null);
      boolean changed = probed.stream().anyMatch(p -> List.of("CHANGED", "REVOKED", "MACHINE-ID CHANGED").contains(p.status()));
      if (toPin.isEmpty() && !changed) {
        report(ctx, pin.pin(pins::now, probed, replace, null));
        ctx.err.println("nothing to pin: every reachable host's key is already pinned");
        return unreachable || probed.stream().anyMatch(p -> "HOSTNAME MISMATCH".equals(p.status())) ? ExitStatus.NOT_ALL_CLEAR : ExitStatus.DONE;
      }
      String token = FleetPin.token(toPin);
      ctx.err.println(toPin.size() + " pin(s) to write into " + String.join(", ", toPin.stream().map(p -> pins.fileFor(p.host()).toString())
          .distinct().toList()) + "; confirmation token: " + ctx.terminal.bold(token));
      String typed = toPin.isEmpty() ? null : confirm != null ? confirm : ask(ctx, token);
      List<FleetPin.Pinned> done = pin.pin(pins::now, probed, replace, typed);
      report(ctx, done);
      boolean incomplete = done.stream().anyMatch(d -> d.note() != null);
      return unreachable || incomplete ? ExitStatus.NOT_ALL_CLEAR : ExitStatus.DONE;
    }
  }

  private static void report(Context ctx, List<FleetPin.Pinned> done) {
    for (FleetPin.Pinned d : done) {
      String line = d.action() + " " + d.host().name() + " " + d.fingerprint()
          + (d.machineId() == null ? "" : ", machine-id " + d.machineId());
      ctx.err.println(d.note() == null ? ctx.terminal.green(Terminal.safe(line)) : ctx.terminal.amber(Terminal.safe(line + "; " + d.note())));
    }
  }

  private static void review(Context ctx, List<FleetPin.Probed> probed) {
    Table table = new Table("HOST", "ADDRESS", "KEY", "STATUS");
    for (FleetPin.Probed p : probed) {
      String status = switch (p.status()) {
        case "new" -> ctx.terminal.amber("new") + (p.note() == null ? "" : ctx.terminal.red(" — " + Terminal.safe(p.note())));
        case "pinned" -> ctx.terminal.green(p.machineIdToRecord() ? "already pinned; machine-id to record" : "already pinned");
        case "unreachable" -> ctx.terminal.amber("unreachable: " + Terminal.safe(p.failure().message()));
        case "CHANGED" -> ctx.terminal.red("CHANGED (pinned: different key)");
        default -> ctx.terminal.red(p.status() + (p.note() == null ? "" : ": " + Terminal.safe(p.note())));
      };
      table.row(List.of(ctx.terminal.host(p.host()), Terminal.safe(p.host().address()) + ":" + p.host().port(),
          p.fingerprint() == null ? "-" : p.fingerprint(), status));
    }
    table.print(ctx.err);
  }

  private static String ask(Context ctx, String token) {
    Console console = System.console();
    if (!Terminal.interactive()) {
      throw dev.steady.failure.SteadyException.refused("no terminal to confirm on and no --confirm; nothing was pinned; "
          + "after reviewing the fingerprints above, rerun with --confirm " + token);
    }
    String typed = console.readLine("Type the token to pin these keys: ");
    return typed == null ? "" : typed.strip();
  }
}
