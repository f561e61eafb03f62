package dev.steady.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
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
      CompletionCommand.class,
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
    utf8Streams();
    System.exit(execute(args));
  }

  /**
   * stdout and stderr in UTF-8 whatever the locale: under cron or {@code env -i} ({@code LC_ALL=C})
   * the JVM would encode them in ASCII and write "café" as "caf?", in JSON too. Terminals, pipes and
   * log files of the tools steady serves expect UTF-8.
   */
  static void utf8Streams() {
    System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 13), true, StandardCharsets.UTF_8));
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

  /**
   * Every command and subcommand answers {@code --help} (and {@code --version}), and lists its
   * subcommands each with the first whole sentence of its description (picocli would show the
   * description's first line, which stops mid-sentence).
   */
  private static void helpEverywhere(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    usage.description(reflow(usage.description()));
    usage.footer(reflow(usage.footer()));
    command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
    command.getSubcommands().values().forEach(Main::helpEverywhere);
  }

  /**
   * Text written as lines for 100 columns, as paragraphs picocli wraps to the terminal's width: lines
   * that follow each other are joined; an empty line, and a line that starts with a space (a list
   * item, an example command), keep their place.
   */
  static String[] reflow(String[] lines) {
    java.util.List<String> out = new java.util.ArrayList<>();
    boolean joinable = false;
    for (String line : lines) {
      if (joinable && !line.isBlank() && !line.startsWith(" ")) {
        out.set(out.size() - 1, out.getLast() + " " + line.strip());
      } else {
        out.add(line);
      }
      joinable = !line.isBlank() && !line.startsWith(" ") && !line.endsWith(":");
    }
    return out.toArray(String[]::new);
  }

  /** The subcommands, one per entry: the name, then its summary wrapped to the help's width. */
  private static String commandList(CommandLine.Help help) {
    Map<String, CommandLine.Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int names = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    int width = help.commandSpec().usageMessage().width();
    CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
        new CommandLine.Help.Column(names + 2, 2, CommandLine.Help.Column.Overflow.SPAN),
        new CommandLine.Help.Column(Math.max(20, width - names - 2), 1, CommandLine.Help.Column.Overflow.WRAP));
    subcommands.forEach((name, sub) -> table.addRowValues(help.colorScheme().commandText(name),
        help.colorScheme().text(summary(sub.commandSpec()))));
    return table.toString();
  }

  /** A command's first whole sentence: its header if it has one, else its description up to the first full stop. */
  static String summary(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
    if (usage.header().length > 0) {
      return usage.header()[0];
    }
    StringBuilder text = new StringBuilder();
    for (String line : usage.description()) {
      if (line.isBlank()) {
        break;
      }
      text.append(text.length() == 0 ? "" : " ").append(line.strip());
    }
    java.util.regex.Matcher end = SENTENCE_END.matcher(text);
    return end.find() ? text.substring(0, end.start() + 1) : text.toString();
  }

  /** A full stop that ends a sentence: followed by a space or the end, not the one of "e.g." or "i.e.". */
  private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\.(?=\\s|$)");

  /** The whole command tree, as --help, the man page and shell completion show it. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    helpEverywhere(cli);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpLongOptionsMaxWidth(32);
    cli.setUsageHelpWidth(110); // the descriptions are written for 100 columns; wider terminals use their width
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }

  /** Runs steady with {@code args} and returns the exit status (tests call this directly). */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    Errors errors = new Errors();
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    cli.setExitCodeExceptionMapper(errors);
    if (Terminal.colourRefused(Arrays.asList(args).contains("--no-color"))) {
      cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }
    return cli.execute(args);
  }
}
