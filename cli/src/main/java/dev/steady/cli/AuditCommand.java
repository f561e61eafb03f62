package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steady audit log|verify|head|export}. */
@Command(name = "audit", description = {
    "The audit trail: an append-only log in the store where each entry carries the SHA-256 of its",
    "predecessor, so an edited, removed or reordered entry breaks the chain. A command that appended",
    "leaves a signed checkpoint of the head in ~/.steady/audit-anchor, outside the store, so a rewrite",
    "of the whole chain is found too, up to the newest checkpoint.", ""},
    subcommands = {AuditCommand.Log.class, AuditVerifyCommand.class, AuditHeadCommand.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: log, verify, head or export");
  }

  /** {@code steady audit log}. */
  @Command(name = "log", description = {"Show the newest audit entries, oldest first.", ""})
  static final class Log implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-n", "--limit"}, converter = Units.CountConverter.class, paramLabel = "N", defaultValue = "50", description = "How many entries (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--run", paramLabel = "ID", description = "Only the entries of this run (an apply's run includes its plan's), plan or exec id; a unique prefix of a run or plan id will do.")
    String run;

    @Override
    public Integer call() throws Exception {
      try (Context ctx = Context.of(spec)) {
        List<AuditEntry> entries = run == null ? ctx.auditReader().tail(limit, null) : ctx.auditReader().tailOf(limit, ctx.auditSubjects(run));
        if (ctx.json()) {
          for (AuditEntry e : entries) {
            ctx.out.println(new ObjectMapper().writeValueAsString(json(e)));
          }
          return ExitStatus.DONE;
        }
        for (AuditEntry e : entries) {
          ctx.out.println(ctx.terminal.dim(String.format("%6d", e.seq())) + "  " + e.at() + "  " + Terminal.safe(e.actor())
              + "  " + ctx.terminal.bold(Terminal.safe(e.action())) + (e.host() == null ? "" : "  " + Terminal.safe(e.host()))
              + (e.run() == null ? "" : "  " + Terminal.safe(e.run())) + "  " + Terminal.safe(e.dataJson()));
        }
        if (entries.isEmpty()) {
          ctx.err.println("the audit log is empty" + (run == null ? "" : " for " + run));
        }
        return ExitStatus.DONE;
      }
    }

    static Map<String, Object> json(AuditEntry e) throws Exception {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seq", e.seq());
      m.put("at", e.at().toString());
      m.put("actor", e.actor());
      m.put("action", e.action());
      m.put("host", e.host());
      m.put("run", e.run());
      m.put("data", new ObjectMapper().readTree(e.dataJson()));
      m.put("hash", e.hash());
      return m;
    }
  }

  /** {@code steady audit export RUN --format md|jsonl}. */
  @Command(name = "export", description = {"A post-mortem timeline of one run, plan or exec: who, what, where, when, result.", ""},
      footer = {"", "Example: steady audit export r-1a2b3c4d --format md > incident-timeline.md"})
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "RUN", description = "A run id (r-…; an apply's run includes its plan), exec id (x-…) or plan id; a unique prefix of a run or plan id will do.")
    String run;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md", description = "md (a Markdown table) or jsonl (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
      if (!format.equals("md") && !format.equals("jsonl")) {
        throw dev.steady.failure.SteadyException.badInput("--format must be md or jsonl, got '" + format + "'");
      }
      try (Context ctx = Context.of(spec)) {
        List<AuditEntry> entries = ctx.auditReader().tailOf(Integer.MAX_VALUE, ctx.auditSubjects(run));
        if (entries.isEmpty()) {
          throw dev.steady.failure.SteadyException.badInput("no audit entries for '" + run + "' in this store; `steady status` lists runs");
        }
        if (format.equals("jsonl")) {
          for (AuditEntry e : entries) {
            ctx.out.println(new ObjectMapper().writeValueAsString(Log.json(e)));
          }
          return ExitStatus.DONE;
        }
        ctx.out.println("# Timeline of " + run);
        ctx.out.println();
        ctx.out.println("| # | time (UTC) | who | host | what | details |");
        ctx.out.println("| ---: | --- | --- | --- | --- | --- |");
        for (AuditEntry e : entries) {
          ctx.out.println("| " + e.seq() + " | " + e.at() + " | " + md(e.actor()) + " | " + md(e.host() == null ? "" : e.host()) + " | "
              + md(e.action()) + " | " + md(e.dataJson()) + " |");
        }
        ctx.out.println();
        ctx.out.println("Entries are hash-chained; check the whole log with `steady audit verify`.");
        return ExitStatus.DONE;
      }
    }

    private static String md(String s) {
      return Terminal.safe(s).replace("|", "\\|");
    }
  }
}
