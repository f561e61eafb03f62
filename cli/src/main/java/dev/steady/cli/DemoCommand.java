package dev.steady.cli;

import dev.steady.account.Accounts;
import dev.steady.account.Role;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.web.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steady demo}: a fleet of embedded SSH hosts to try steady on, in one command, without root. */
@Command(name = "demo", description = {
    "Start ten embedded SSH test hosts on 127.0.0.1 (real SSH, real processes, each with its own",
    "host key, hostname and file tree), pin their keys in a demo known_hosts, start the web console",
    "with two demo accounts (fresh random passwords), and print the URL, the logins and the commands",
    "to try. Two outages are staged: a full disk on app-03 (two weeks of large logs among older ones;",
    "as root a 64 MiB disk of its own at /var/log, 95 %% full, that only app-03 sees) and the",
    "application stopped on every host, with app-07 failing to start. app-09 is a cloned VM that",
    "answers `hostname` with app-03: steady refuses it. Needs no root. Ctrl-C stops everything,",
    "unmounts the disk and removes the demo directory.",
    ""})
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--hosts", paramLabel = "N", defaultValue = "10", description = "How many hosts (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "The console's port on 127.0.0.1 (default ${DEFAULT-VALUE}; a free one when it is taken; 0 any free one).")
  int port;

  @Option(names = "--no-console", description = "Start the fleet only, without the web console.")
  boolean noConsole;

  @Option(names = "--exit-after", paramLabel = "DUR", converter = Units.PositiveDurationConverter.class,
      description = "Stop by itself after this long (for scripts); default: run until Ctrl-C.")
  Duration exitAfter;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > 200) {
      throw SteadyException.badInput("--hosts must be between 1 and 200, got " + count);
    }
    Path dir = Files.createTempDirectory("steady-demo-");
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add(String.format("app-%02d", i));
    }
    EmbeddedFleet fleet = EmbeddedFleet.start(dir.resolve("fleet"), names);
    CountDownLatch stopped = new CountDownLatch(1);
    List<AutoCloseable> open = new ArrayList<>();
    List<AutoCloseable> staged = new ArrayList<>();
    Thread cleanup = new Thread(() -> {
      closeAll(open);
      fleet.close();
      closeAll(staged);
      deleteTree(dir);
      stopped.countDown();
    }, "steady-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    if (count >= 9) {
      fleet.host("app-09").setHostname("app-03");
    }
    DemoDisk full = DemoDisk.stage(fleet.hosts().get(Math.min(2, count - 1)), java.time.Instant.now());
    staged.add(full);
    String broken = fleet.hosts().get(Math.min(6, count - 1)).name();
    for (var host : fleet.hosts()) {
      stageStoppedApp(host.root(), host.name().equals(broken));
    }
    Path inventory = fleet.writeInventory(dir.resolve("inventory.yaml"), "production");
    Path store = dir.resolve("steady.db");
    String disk = fleet.hosts().get(Math.min(2, count - 1)).name();
    String console = "";
    if (!noConsole) {
      Store opened = Stores.open(store.toString());
      open.add(opened);
      List<String> logins = demoUsers(opened);
      Console started = startConsole(Console.Settings.local(inventory, fleet.knownHosts(), opened));
      open.add(started);
      console = String.join("\n",
          "The console: " + started.url(),
          "  log in as " + logins.get(0) + " (admin: review, apply, resume) or " + logins.get(1)
              + " (approver: the second pair of eyes)",
          "", "");
    }
    Context.of(spec).human().println(instructions(count, dir, inventory, fleet.knownHosts(), store, disk, full, broken, console));
    if (exitAfter != null) {
      Thread.sleep(exitAfter.toMillis());
      Runtime.getRuntime().removeShutdownHook(cleanup);
      cleanup.run();
      return ExitStatus.DONE;
    }
    stopped.await();
    return ExitStatus.DONE;
  }

  /** The console on {@code --port}, or on a free port when that one is taken. */
  private Console startConsole(Console.Settings settings) {
    try {
      return Console.start(settings.withPort(port));
    } catch (SteadyException e) {
      if (port == 0) {
        throw e;
      }
      return Console.start(settings.withPort(0));
    }
  }

  /**
   * Two demo accounts with fresh random passwords: one named after this user (so a plan made on
   * the command line is theirs, and the console refuses to let them approve it) and a reviewer.
   */
  private static List<String> demoUsers(Store store) {
    String self = Approvals.person(System.getProperty("user.name", "operator"));
    String operator = Accounts.validName(self) && !self.equals("reviewer") ? self : "operator";
    Accounts accounts = new Accounts(store, new AuditLog(store, AuditLog.currentActor()));
    List<String> logins = new ArrayList<>();
    for (var user : List.of(Map.entry(operator, Role.ADMIN), Map.entry("reviewer", Role.APPROVER))) {
      String password = newPassword();
      accounts.add(user.getKey(), user.getValue(), password.toCharArray());
      logins.add(user.getKey() + " / " + password);
    }
    return logins;
  }

  private static String newPassword() {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (i % 4 == 3 && i < 15) {
        b.append('-');
      }
    }
    return b.toString();
  }

  /**
   * The second outage: the application is stopped on every host. {@code ./app/bin/myapp start}
   * starts it (in the host's home) and {@code status} tells; on {@code broken} the configuration
   * has a typo, so its start fails the way a real one would.
   */
  private static void stageStoppedApp(Path root, boolean broken) throws IOException {
    Path app = Files.createDirectories(root.resolve("app"));
    Files.createDirectories(app.resolve("bin"));
    Files.createDirectories(app.resolve("etc"));
    Files.createDirectories(app.resolve("run"));
    Files.writeString(app.resolve("etc/myapp.conf"), broken
        ? "# myapp\nlisten_address = 127.0.0.1:8080\nlisten_adress = 0.0.0.0:8080\n"
        : "# myapp\nlisten_address = 127.0.0.1:8080\n");
    Path script = app.resolve("bin/myapp");
    Files.writeString(script, String.join("\n",
        "#!/bin/sh",
        "# steady demo application: myapp start|stop|status",
        "cd \"$(dirname \"$0\")/..\" || exit 1",
        "case \"$1\" in",
        "  start)",
        "    if grep -q '^listen_adress' etc/myapp.conf; then",
        "      echo \"myapp: etc/myapp.conf line 3: unknown key 'listen_adress' (did you mean listen_address?)\" >&2; exit 1",
        "    fi",
        "    sleep 0.5; echo $$ > run/myapp.pid; echo 'myapp started' ;;",
        "  stop) rm -f run/myapp.pid; echo 'myapp stopped' ;;",
        "  status)",
        "    if [ -f run/myapp.pid ]; then echo 'myapp is running'; else echo 'myapp is not running'; exit 3; fi ;;",
        "  *) echo 'usage: myapp start|stop|status' >&2; exit 2 ;;",
        "esac",
        ""));
    script.toFile().setExecutable(true, false);
  }

  private static String instructions(int count, Path dir, Path inventory, Path knownHosts, Path store, String disk, DemoDisk full,
      String broken, String console) {
    String launcher = System.getenv().getOrDefault("STEADY_LAUNCHER", "steady");
    return String.join("\n",
        "steady demo: " + count + " embedded SSH hosts are up on 127.0.0.1 (directory " + dir + ").",
        console + "In another terminal:",
        "",
        "  export STEADY_INVENTORY=" + inventory + " STEADY_KNOWN_HOSTS=" + knownHosts + " STEADY_STORE=" + store,
        "  " + launcher + " inventory list",
        "  " + launcher + " inventory check all          # app-09 answers hostname app-03: refused",
        "  " + launcher + " exec all -- uptime           # identity checked on the connection that runs it",
        "  " + launcher + " exec 'all:!app-09' -- 'ls -la'",
        "",
        "  # outage 1: the disk of " + disk + " is full: " + full.describe(),
        "  " + launcher + " cleanup plan " + disk + " --path " + full.logs() + " --newer-than 14d --min-size " + full.minSize()
            + " --expect-count 28",
        "  " + launcher + " apply PLAN_ID                  # type the token the review printed",
        "  #   or add --require-approval to the plan: the reviewer approves it in the console, then apply",
        "",
        "  # outage 2: myapp is down on every host; start it three hosts at a time, verified, one checklist",
        "  " + launcher + " restart all --start './app/bin/myapp start' --verify 'cmd:./app/bin/myapp status' --batch 3",
        "  #   app-09 is refused (it claims to be app-03), " + broken + " fails to start (a typo in its config),",
        "  #   and no new host is started after that failure (--max-errors 0): NOT ALL-CLEAR",
        "  " + launcher + " status                         # the checklist of the last run",
        "",
        "  " + launcher + " audit log -n 20",
        "  " + launcher + " audit verify",
        "",
        full.note().isEmpty() ? "Ctrl-C here stops the fleet, unmounts the disk of " + disk + " and removes " + dir + "."
            : full.note() + "\n\nCtrl-C here stops the fleet and removes " + dir + ".");
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable c : resources.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort: the process is ending
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the directory is under the system temp dir
    }
  }
}
