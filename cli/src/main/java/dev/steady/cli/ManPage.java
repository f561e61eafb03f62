package dev.steady.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * steady(1), rendered as roff from the same command model as {@code --help}, so the two never
 * disagree: the build writes it to {@code cli/target/man/steady.1} ({@code man -l} reads it).
 * Every command and subcommand gets a section with its synopsis, description, parameters, options
 * and footer; the global options, exit statuses, environment and files close it.
 */
public final class ManPage {

  private ManPage() {}

  /** Writes the page to {@code args[0]} (default {@code cli/target/man/steady.1}). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "cli/target/man/steady.1");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, render(), StandardCharsets.UTF_8);
  }

  /** The whole page. */
  static String render() {
    CommandLine root = Main.commandLine();
    CommandSpec spec = root.getCommandSpec();
    StringBuilder m = new StringBuilder();
    m.append(".TH STEADY 1 \"\" \"steady ").append(escape(Version.version())).append("\" \"User Commands\"\n");
    m.append(".SH NAME\nsteady \\- safe manual intervention on production fleets: target, plan, review, confirm, apply, verify, all-clear\n");
    m.append(".SH SYNOPSIS\n.B steady\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR...]\n");
    m.append(".SH DESCRIPTION\n");
    paragraphs(m, spec.usageMessage().description());
    m.append(".SH GLOBAL OPTIONS\nThese are accepted before or after the command name.\n");
    options(m, spec.options().stream().filter(o -> !o.hidden() && !o.inherited()).toList());
    m.append(".SH COMMANDS\n");
    for (CommandLine sub : root.getSubcommands().values()) {
      command(m, sub);
    }
    m.append(".SH EXIT STATUS\n");
    for (String[] row : List.of(new String[] {"0", "done (and all-clear where that applies)"},
        new String[] {"1", "internal error (\\-\\-stacktrace shows it)"},
        new String[] {"2", "bad input: usage, an unreadable or malformed file, an unknown host, plan or run, an ambiguous id prefix; nothing changed"},
        new String[] {"3", "refused by a guard; nothing changed"},
        new String[] {"4", "ran but not all-clear: rows failed, were refused or unknown, files drifted, an apply was interrupted"})) {
      m.append(".TP\n.B ").append(row[0]).append('\n').append(row[1]).append('\n');
    }
    m.append(".SH ENVIRONMENT\n");
    for (String[] row : List.of(new String[] {"STEADY_INVENTORY", "the inventory when \\-\\-inventory is not given"},
        new String[] {"STEADY_STORE", "the store when \\-\\-store is not given"},
        new String[] {"STEADY_KNOWN_HOSTS", "the pinned host keys when \\-\\-known\\-hosts is not given"},
        new String[] {"STEADY_EXPECT_HOSTNAME", "what hostname must answer when the inventory sets no expect_hostname"},
        new String[] {"STEADY_ANCHOR", "this machine's file of signed audit checkpoints (default ~/.steady/audit\\-anchor)"},
        new String[] {"STEADY_LEASE_TTL", "how long a silent controller keeps its hosts (default 15s)"},
        new String[] {"STEADY_PROTECTED_PATHS", "more protected paths for cleanup plans, colon\\-separated"},
        new String[] {"STEADY_REQUIRE_APPROVAL", "environments whose runs need a second engineer's approval"},
        new String[] {"NO_COLOR", "set and not empty: no colours (no\\-color.org)"},
        new String[] {"TERM", "dumb: no colours, and checklists as appended lines instead of redrawn in place"},
        new String[] {"HOME", "where ~/.steady and ~/.ssh are"})) {
      m.append(".TP\n.B ").append(row[0]).append('\n').append(row[1]).append('\n');
    }
    m.append(".SH FILES\n.TP\n.I ~/.steady/steady.db\nthe default store (SQLite): plans, runs, leases, the audit log\n")
        .append(".TP\n.I ~/.steady/audit\\-anchor\nsigned checkpoints of the audit log, and its key in audit\\-anchor.key\n")
        .append(".TP\n.I ~/.ssh/known_hosts\npinned host keys\n");
    m.append(".SH SEE ALSO\n.BR ssh (1),\n.BR ssh_config (5),\n.BR lsof (8)\n");
    return m.toString();
  }

  private static void command(StringBuilder m, CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    if (spec.usageMessage().hidden() || spec.name().equals("help")) {
      return;
    }
    m.append(".SS \"").append(escape(spec.qualifiedName())).append("\"\n");
    String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)).synopsis(0).strip();
    m.append(".nf\n").append(escape(synopsis.replaceAll("\\s+", " "))).append("\n.fi\n");
    paragraphs(m, spec.usageMessage().description());
    List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    for (PositionalParamSpec p : params) {
      m.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n').append(escape(text(p.description(), p.defaultValue()))).append('\n');
    }
    options(m, spec.options().stream().filter(o -> !o.hidden() && !o.inherited() && !o.usageHelp() && !o.versionHelp()
        && !global(o)).toList());
    if (spec.usageMessage().footer().length > 0) {
      m.append(".PP\n");
      paragraphs(m, spec.usageMessage().footer());
    }
    cmd.getSubcommands().values().forEach(sub -> command(m, sub));
  }

  /** The root's global options are listed once, under GLOBAL OPTIONS. */
  private static boolean global(OptionSpec o) {
    return o.scopeType() == CommandLine.ScopeType.INHERIT;
  }

  private static void options(StringBuilder m, List<OptionSpec> options) {
    for (OptionSpec o : options) {
      m.append(".TP\n\\fB").append(escape(String.join(", ", o.names()))).append("\\fR");
      if (o.arity().max() > 0) {
        m.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      m.append('\n').append(escape(text(o.description(), o.defaultValue()))).append('\n');
    }
  }

  private static String text(String[] description, String defaultValue) {
    return String.join(" ", description).replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
  }

  /** Description lines: consecutive lines make a paragraph, an empty one ends it, an indented one stays a line of its own. */
  private static void paragraphs(StringBuilder m, String[] lines) {
    List<String> paragraph = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        flush(m, paragraph);
        continue;
      }
      if (line.startsWith(" ") && !paragraph.isEmpty()) {
        flush(m, paragraph);
        m.append(".br\n");
      }
      paragraph.add(line.strip());
    }
    flush(m, paragraph);
  }

  private static void flush(StringBuilder m, List<String> paragraph) {
    if (!paragraph.isEmpty()) {
      m.append(escape(String.join(" ", paragraph).replace("%n", " "))).append("\n.PP\n");
      paragraph.clear();
    }
  }

  /** Text for roff: backslashes and dashes written out, and no line starting with a control character. */
  static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder out = new StringBuilder();
    for (String line : e.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
    }
    return out.toString();
  }
}
