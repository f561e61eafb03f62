package dev.steady.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code steady} command: target → plan → review → confirm → apply → verify → all-clear. */
@Command(
    name = "steady",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Safe manual intervention on production fleets: every action is identity-checked on the",
      "connection that performs it, recorded in a hash-chained audit log, and reported per host.",
      ""
    },
    subcommands = {
      InventoryCommand.class,
      ExecCommand.class,
      CleanupCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      RestartCommand.class,
      RunCommand.class,
      StatusCommand.class,
      ResumeCommand.class,
      ApproveCommand.class,
      UserCommand.class,
      AuditCommand.class,
      ServeCommand.class,
      StoreCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 done (all-clear where that applies); 1 internal error; 2 bad input, nothing",
      "changed; 3 refused by a guard, nothing changed; 4 ran but not all-clear.",
      "",
      "Start with: steady inventory list; steady inventory check all; steady exec all -- uptime"
    })
public final class Main implements Runnable {

  @Mixin GlobalOptions global;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try `steady --help`");
  }

  public static void main(String[] args) {
    honourHome(System.getenv("HOME"));
    System.exit(execute(args));
  }

  /**
   * {@code ~} is {@code $HOME}, as for ssh's and Ansible's users (the JVM's own idea comes from the
   * password database): every default path (~/.steady, ~/.ssh) follows it. A relative or empty HOME
   * is ignored.
   */
  static void honourHome(String home) {
    if (home != null && !home.isBlank() && home.startsWith("/")) {
      System.setProperty("user.home", home);
    }
  }

  /** Every command and subcommand answers {@code --help} (and {@code --version}). */
  private static void helpEverywhere(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    command.getSubcommands().values().forEach(Main::helpEverywhere);
  }

  /** Runs steady with {@code args} and returns the exit status (tests call this directly). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    helpEverywhere(cli);
    Errors errors = new Errors();
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    cli.setExitCodeExceptionMapper(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpLongOptionsMaxWidth(32);
    cli.setUsageHelpWidth(110); // the descriptions are written for 100 columns; wider terminals use their width
    cli.setUsageHelpAutoWidth(true);
    return cli.execute(args);
  }
}
