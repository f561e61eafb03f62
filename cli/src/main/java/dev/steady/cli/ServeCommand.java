package dev.steady.cli;

import dev.steady.audit.Checkpoints;
import dev.steady.web.Console;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steady serve}: the web console over the same inventory, known_hosts and store as the CLI. */
@Command(name = "serve", sortOptions = false, description = {
    "Start the web console: the fleet in inventory order, runs with their live checklist, plans to",
    "review, approve (a second engineer) and apply with the typed token. Log in with an account made",
    "by `steady user add`. Listens on 127.0.0.1 only unless --allow-remote (the console has no TLS).",
    "Ctrl-C stops it; runs it drives are stopped (resumable).",
    ""},
    footer = {"", "Exit status: 0 stopped with Ctrl-C; 2 bad input (address, port in use, inventory)."})
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--allow-remote", description = "Allow a non-loopback --bind: only behind a TLS-terminating proxy, "
      + "since passwords and session cookies would otherwise cross the network readable.")
  boolean allowRemote;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      Console.Settings settings = Console.Settings.local(ctx.inventoryPath(), ctx.knownHostsPath(), ctx.store())
          .withPort(port).withBind(bind, allowRemote).withSshConfig(ctx.sshConfigPath());
      Checkpoints checkpoints = ctx.checkpoints(); // a key open to others is refused before the console listens
      CountDownLatch stopped = new CountDownLatch(1);
      Console console = Console.start(settings);
      AnchorPoller anchor = new AnchorPoller(checkpoints, ctx.err);
      Thread hook = new Thread(() -> {
        console.close();
        anchor.close();
        stopped.countDown();
      }, "steady-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      if (ctx.json()) {
        ctx.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("url", console.url())));
      }
      ctx.human().println("steady console: " + console.url() + " (store " + ctx.store().url() + ")");
      ctx.human().println("Log in with an account from `steady user add`. Ctrl-C stops it.");
      stopped.await();
      return ExitStatus.DONE;
    }
  }
}
