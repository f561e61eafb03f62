package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What steady says about itself: every command's help read at the default width (no summary cut
 * mid-sentence, no line wider than 80 columns), --version with the commit it was built from, shell
 * completion, and the man page rendered from the same help.
 */
class HelpCliTest {

  /** Every command below the root, depth first, as `steady a b`. */
  private static List<CommandLine> commands(CommandLine cmd) {
    List<CommandLine> all = new ArrayList<>();
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (!sub.getCommandName().equals("help")) {
        all.add(sub);
        all.addAll(commands(sub));
      }
    }
    return all;
  }

  @Test
  void everyCommand_isSummedUpInItsParentsHelp_byAWholeSentence() {
    List<String> cut = new ArrayList<>();
    List<CommandLine> all = new ArrayList<>(List.of(Main.commandLine()));
    all.addAll(commands(all.getFirst()));
    for (CommandLine parent : all) {
      if (parent.getSubcommands().isEmpty()) {
        continue;
      }
      List<String> entries = new ArrayList<>();
      boolean inList = false;
      for (String line : help(parent).lines().toList()) {
        if (line.equals("Commands:")) {
          inList = true;
        } else if (inList && line.isBlank()) {
          break;
        } else if (inList && line.matches("  \\S.*")) {
          entries.add(line.strip());
        } else if (inList) {
          entries.set(entries.size() - 1, entries.getLast() + " " + line.strip());
        }
      }
      assertThat(entries).as(parent.getCommandSpec().qualifiedName()).hasSize(parent.getSubcommands().size());
      entries.stream().filter(e -> !e.endsWith(".")).forEach(e -> cut.add(parent.getCommandSpec().qualifiedName() + ": " + e));
    }
    assertThat(cut).as("commands whose summary stops mid-sentence").isEmpty();
    assertThat(help(Main.commandLine())).contains("  restart      Bring an application back on a fleet as one checklist: per host,\n"
        + "                 prove identity, run the optional precheck, run the start\n"
        + "                 command, then retry the verification until it passes or the\n"
        + "                 deadline passes.\n");
  }

  /** The usage help at the default width of 80 columns, without colour. */
  private static String help(CommandLine c) {
    c.setUsageHelpAutoWidth(false);
    c.setUsageHelpWidth(80);
    StringWriter help = new StringWriter();
    c.usage(new PrintWriter(help), CommandLine.Help.Ansi.OFF);
    return help.toString();
  }

  @Test
  void everyCommandsHelp_atTheDefaultWidthOf80Columns_hasNoLongerLine() {
    List<String> wide = new ArrayList<>();
    List<CommandLine> all = new ArrayList<>(List.of(Main.commandLine()));
    all.addAll(commands(all.getFirst()));
    for (CommandLine c : all) {
      help(c).lines().filter(l -> Width.of(l) > 80).forEach(l -> wide.add(c.getCommandSpec().qualifiedName() + ": " + l));
    }
    assertThat(wide).isEmpty();
  }

  @Test
  void version_namesTheReleaseAndTheCommitItWasBuiltFrom() {
    Cli.Result r = Cli.run("--version");

    assertThat(r.status()).isZero();
    assertThat(r.out()).matches("(?s)steady \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown \\(built outside a git checkout\\))\\)\n"
        + "Java .*");
  }

  @Test
  void completion_printsAScriptForBashAndZsh_andRefusesOtherShells() {
    Cli.Result bash = Cli.run("completion", "bash");
    Cli.Result zsh = Cli.run("completion", "zsh");
    Cli.Result fish = Cli.run("completion", "fish");

    assertThat(bash.status()).isZero();
    assertThat(bash.out()).contains("complete -F _complete_steady").contains("cleanup").contains("--older-than").contains("rerun-unknown");
    assertThat(zsh.status()).isZero();
    assertThat(zsh.out()).contains("bashcompinit");
    assertThat(fish.status()).isEqualTo(2);
    assertThat(fish.err()).isEqualTo("steady: completion is for bash or zsh, got 'fish'\n");
  }

  @Test
  void manPage_coversEveryCommandWithTheSameTextAsHelp() {
    String page = ManPage.render();

    assertThat(page).startsWith(".TH STEADY 1 \"\" \"steady ").contains(".SH GLOBAL OPTIONS").contains("\\fB\\-\\-no\\-color\\fR")
        .contains(".SH EXIT STATUS").contains(".SH ENVIRONMENT").contains("NO_COLOR");
    for (CommandLine c : commands(Main.commandLine())) {
      assertThat(page).contains(".SS \"" + ManPage.escape(c.getCommandSpec().qualifiedName()) + "\"");
    }
    assertThat(page).contains("\\fB\\-\\-older\\-than\\fR \\fIDUR\\fR").doesNotContain("${DEFAULT-VALUE}");
    assertThat(page.lines()).noneMatch(l -> l.startsWith(".") && l.matches("\\.[a-z]{3,}.*") && !l.startsWith(".fi") && !l.startsWith(".nf"));
  }
}
