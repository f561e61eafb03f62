package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.approval.Approval;
import dev.steady.approval.Approvals;
import dev.steady.failure.SteadyException;
import dev.steady.plan.Plan;
import dev.steady.run.RunInfo;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady approve [PLAN|RUN] --user NAME}: the second pair of eyes. */
@Command(name = "approve", sortOptions = false, description = {
    "Four eyes: a plan made with --require-approval (or on an environment listed in",
    "STEADY_REQUIRE_APPROVAL, e.g. production) cannot be applied, and such a run cannot start, until a",
    "second engineer approves it here or in the console. The approver signs in with a steady account",
    "(`steady user add`) whose role is approver or admin, and must not be the person who made it:",
    "alice@laptop and the account alice are the same person. Every approval and every refused attempt",
    "(wrong password, own plan, role that cannot approve) is in the audit log.",
    "",
    "Without PLAN or RUN: the plans and runs waiting for approval, oldest first.",
    ""},
    footer = {"", "Example:",
        "  steady plan show 3f9a1c2b7d4e            # review it first",
        "  steady approve 3f9a1c2b7d4e --user bob   # then an operator applies it: steady apply 3f9a1c2b7d4e",
        "  steady approve r-5e1f09aa --user bob     # then: steady resume r-5e1f09aa",
        "", "Exit status: 0 approved (or listed); 2 bad input (unknown plan or run, no --user, no password);",
        "3 refused (your own plan or run, wrong password, a role that cannot approve, already approved, no",
        "approval needed)."})
final class ApproveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PLAN|RUN",
      description = "A plan id (or a unique prefix of at least 8 characters) or a run id (r-…).")
  String subject;

  @Option(names = "--user", paramLabel = "NAME", description = "Your steady account (role approver or admin).")
  String user;

  @Option(names = "--password-stdin", description = "Read the account's password from stdin (scripts) instead of a terminal.")
  boolean passwordStdin;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      Approvals approvals = new Approvals(ctx.store(), ctx.audit(), Clock.systemUTC());
      if (subject == null) {
        return pending(ctx, approvals.pending());
      }
      Target target = resolve(ctx, subject.strip());
      if (user == null || user.isBlank()) {
        throw SteadyException.badInput("approving needs --user NAME, your steady account with the approver or admin role;"
            + " `steady user list` shows the accounts");
      }
      ctx.human().println(target.summary());
      char[] password = PasswordInput.ask(passwordStdin, user);
      Approval approved;
      try {
        approved = approvals.approveAs(target.subject(), UserCommand.accounts(ctx), user, password);
      } finally {
        Arrays.fill(password, '\0');
      }
      if (ctx.json()) {
        ctx.out.println(new ObjectMapper().writeValueAsString(json(approved)));
      }
      ctx.human().println(ctx.terminal.green("APPROVED") + " " + target.name() + " (made by " + Terminal.safe(approved.author()) + ") as "
          + Terminal.safe(approved.approver()) + "; " + target.next());
      return ExitStatus.DONE;
    }
  }

  /** What is approved: the subject, how to name it, and what comes next. */
  private record Target(String subject, String name, String summary, String next) {}

  private static Target resolve(Context ctx, String id) {
    if (id.startsWith("r-")) {
      RunInfo run = ctx.store().lookupRun(id).orElseThrow(() -> SteadyException.badInput("no run '" + id
          + "' in this store; `steady approve` lists what waits for approval"));
      return new Target(Approvals.run(run.id()), "run " + run.id(), "run " + run.id() + ": " + run.kind() + " on '"
          + Terminal.safe(run.target()) + "' by " + Terminal.safe(run.user()) + " (`steady status " + run.id() + "` shows its rows)",
          "start it with: steady resume " + run.id());
    }
    Optional<Plan> plan = ctx.store().findPlan(id);
    if (plan.isEmpty()) {
      throw SteadyException.badInput("no plan or run '" + id + "' in this store; `steady approve` lists what waits for approval");
    }
    Plan p = plan.get();
    String shortId = p.id().substring(0, 12);
    return new Target(Approvals.plan(p.id()), "plan " + shortId, "plan " + shortId + ": " + Units.count(p.count()) + " files, "
        + Units.bytes(p.bytes()) + " on " + p.hosts().size() + " host(s) by " + Terminal.safe(p.author())
        + " (`steady plan show " + shortId + "` shows the review)", "an operator can now apply it: steady apply " + shortId);
  }

  private static int pending(Context ctx, List<Approval> pending) throws Exception {
    if (ctx.json()) {
      ctx.out.println(new ObjectMapper().writeValueAsString(Map.of("pending", pending.stream().map(ApproveCommand::json).toList())));
      return ExitStatus.DONE;
    }
    if (pending.isEmpty()) {
      ctx.err.println("nothing waits for approval");
      return ExitStatus.DONE;
    }
    Table table = new Table("WHAT", "ID", "MADE BY", "WAITING SINCE");
    for (Approval a : pending) {
      String[] parts = a.subject().split(":", 2);
      String id = parts[0].equals("plan") ? parts[1].substring(0, Math.min(12, parts[1].length())) : parts[1];
      table.row(List.of(parts[0], Terminal.safe(id), Terminal.safe(a.author()), a.requestedAt().toString()));
    }
    table.print(ctx.out);
    ctx.err.println("approve one with: steady approve ID --user NAME");
    return ExitStatus.DONE;
  }

  private static Map<String, Object> json(Approval a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", a.subject());
    m.put("author", a.author());
    m.put("requested_at", a.requestedAt().toString());
    m.put("approver", a.approver());
    m.put("approved_at", a.approvedAt() == null ? null : a.approvedAt().toString());
    return m;
  }
}
