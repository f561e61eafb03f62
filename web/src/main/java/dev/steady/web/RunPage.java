package dev.steady.web;

import dev.steady.account.Role;
import dev.steady.approval.Approval;
import dev.steady.audit.AuditEntry;
import dev.steady.inventory.Host;
import dev.steady.run.ActionOutput;
import dev.steady.run.NextStep;
import dev.steady.run.RowCounts;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Renders the runs list, a run's page (banner, approval, buttons, checklist, audit timeline) and a row's page. */
final class RunPage {

  private RunPage() {}

  static String list(List<RunInfo> runs) {
    StringBuilder b = new StringBuilder("<h1>Runs</h1>");
    if (runs.isEmpty()) {
      b.append("<p>No runs yet. Start one with <code>steady restart</code> or <code>steady run</code>.</p>");
    } else {
      b.append("<table><caption>Newest first</caption><thead><tr><th scope=\"col\">Run</th><th scope=\"col\">Kind</th>")
          .append("<th scope=\"col\">State</th><th scope=\"col\">All-clear</th><th scope=\"col\">User</th><th scope=\"col\">Target</th>")
          .append("<th scope=\"col\">Started</th><th scope=\"col\">Ended</th></tr></thead><tbody>");
      for (RunInfo r : runs) {
        b.append("<tr><td><a href=\"/runs/").append(Html.esc(r.id())).append("\">").append(Html.esc(r.id())).append("</a></td><td>")
            .append(Html.esc(r.kind())).append("</td><td>").append(Html.esc(r.state())).append("</td><td class=\"")
            .append(r.allClear() ? "ok" : "bad").append("\">").append(r.allClear() ? "yes" : "no").append("</td><td>").append(Html.esc(r.user()))
            .append("</td><td>").append(Html.esc(r.target())).append("</td><td>").append(Html.time(r.startedAt())).append("</td><td>")
            .append(Html.time(r.endedAt())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    return b.toString();
  }

  /** What the run page shows besides the run: its rows, the audit tail, approval and what the buttons may do. */
  record View(RunInfo info, List<RunRow> rows, List<AuditEntry> audit, Optional<Approval> approval, Optional<String> whyNotApprove,
      Optional<String> whyNotResume, Optional<String> whyNotStop, Function<String, Optional<Host>> hosts) {}

  static String body(Session session, View v, String notice) {
    RunInfo info = v.info();
    String id = info.id();
    StringBuilder b = new StringBuilder("<h1>Run ").append(Html.esc(id)).append("</h1>");
    b.append("<p>").append(Html.esc(info.kind())).append(" of <strong>").append(Html.esc(info.target())).append("</strong> by ")
        .append(Html.esc(info.user())).append(", started ").append(Html.time(info.startedAt())).append("</p>");
    if (notice != null) {
      b.append(notice);
    }
    b.append(RunBanner.html(info, RowCounts.of(v.rows())));
    b.append(nextSteps(info, v.rows()));
    if (info.plan() != null) {
      // an apply: its plan says what was reviewed, its report what each file came to; resumed from the terminal
      b.append("<p>Apply of plan <a href=\"/plans/").append(Html.esc(info.plan())).append("\">").append(Html.esc(info.plan().substring(0, 12)))
          .append("</a> (<a href=\"/plans/").append(Html.esc(info.plan())).append("/apply\">apply report</a>).</p>");
    } else {
      b.append(approval(session, id, v.approval(), v.whyNotApprove()));
      b.append(buttons(session, v));
    }
    b.append("<table id=\"checklist\" data-run=\"").append(Html.esc(id)).append("\"><caption>Checklist (updates live)</caption><thead><tr>")
        .append("<th scope=\"col\">Host</th><th scope=\"col\">Step</th><th scope=\"col\">State</th><th scope=\"col\">Exit</th>")
        .append("<th scope=\"col\">Started</th><th scope=\"col\">Ended</th><th scope=\"col\">Message and output</th></tr></thead><tbody>");
    for (RunRow r : v.rows()) {
      b.append(row(id, r, v.hosts().apply(r.host())));
    }
    b.append("</tbody></table>");
    b.append(timeline(v.audit()));
    return b.toString();
  }

  static String row(String run, RunRow r, Optional<Host> host) {
    String link = "/runs/" + run + "/rows/" + r.position();
    return "<tr id=\"row-" + r.position() + "\" class=\"row\"><th scope=\"row\">" + Html.esc(r.host())
        + host.map(h -> " " + Html.env(h.env())).orElse("") + "</th><td>" + Html.esc(r.step()) + "</td><td class=\"state s-"
        + r.state().name().toLowerCase(Locale.ROOT) + "\">" + r.state().name() + "</td><td class=\"exit\">"
        + (r.exitStatus() == null ? "" : r.exitStatus()) + "</td><td class=\"started\">" + Html.time(r.startedAt())
        + "</td><td class=\"ended\">" + Html.time(r.endedAt()) + "</td><td><details data-entries=\"" + Html.esc(link + "/entries")
        + "\"><summary class=\"message\">" + Html.esc(r.message() == null || r.message().isEmpty() ? "details" : r.message())
        + "</summary><div class=\"outputs\"></div><ul class=\"entries\"></ul><a href=\"" + Html.esc(link) + "\">Output and audit entries of "
        + Html.esc(r.host()) + "</a></details></td></tr>";
  }

  /**
   * What moves a run that is not all-clear on, as the terminal says it: rows whose outcome is unknown
   * and failed rows wait for a decision typed in a terminal (the token names exactly those rows).
   */
  static String nextSteps(RunInfo info, List<RunRow> rows) {
    List<NextStep> steps = NextStep.of(info, rows);
    if (steps.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("<ul class=\"next\" aria-label=\"Next steps\">");
    steps.forEach(s -> b.append("<li>").append(Html.esc(s.label())).append(": <code>").append(Html.esc(s.command())).append("</code></li>"));
    return b.append("</ul>").toString();
  }

  static String approval(Session session, String id, Optional<Approval> approval, Optional<String> whyNotApprove) {
    if (approval.isEmpty()) {
      return "";
    }
    Approval a = approval.get();
    if (a.granted()) {
      return "<p class=\"approval\">Approved by " + Html.esc(a.approver()) + ", " + Html.time(a.approvedAt()) + ".</p>";
    }
    String text = "<p class=\"approval\"><span class=\"bad\">Approval pending</span>: a second engineer with the approver role, not "
        + Html.esc(a.author()) + ", must approve this run.</p>";
    Optional<String> why = Access.roleRefusal(session, Role::canApprove, "approve runs").or(() -> whyNotApprove);
    return text + "<form class=\"act\" method=\"post\" action=\"/runs/" + Html.esc(id) + "/approve\">" + Html.csrfField(session)
        + Html.button("approve", null, "Approve this run", why) + "</form>";
  }

  /**
   * Resume while the run has open rows, stop while it runs, each usable or disabled with the reason
   * core (or this console, for stop) gives; the live feed updates both as the run changes. A role
   * that may not use them sees them disabled with that reason, whatever the feed says.
   */
  static String buttons(Session session, View v) {
    RunInfo info = v.info();
    String id = Html.esc(info.id());
    Optional<String> role = Access.roleRefusal(session, Role::canOperate, "resume or stop runs");
    String roleAttr = role.map(r -> " data-role-why=\"" + Html.esc(r) + "\"").orElse("");
    String form = "<form class=\"act\" method=\"post\" action=\"/runs/" + id + "/";
    return "<div class=\"actions\">" + form + "resume\" id=\"resume-form\"" + roleAttr + (info.allClear() ? " hidden" : "") + ">"
        + Html.csrfField(session) + Html.button("resume", null, "Resume", role.or(v::whyNotResume)) + "</form>"
        + form + "stop\" id=\"stop-form\"" + roleAttr + ("running".equals(info.state()) ? "" : " hidden") + ">" + Html.csrfField(session)
        + Html.button("stop", "danger", "Stop", role.or(v::whyNotStop)) + "</form></div>";
  }

  static String timeline(List<AuditEntry> audit) {
    StringBuilder b = new StringBuilder("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">Audit timeline</h2><ol class=\"timeline\">");
    audit.forEach(e -> b.append(AuditView.item(e)));
    return b.append("</ol></section>").toString();
  }

  /** A row's page: its state and message, what its command printed (the kept head), and its host's audit entries in this run. */
  static String rowPage(String id, RunRow row, List<ActionOutput> outputs, List<AuditEntry> entries) {
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(row.host())).append(" · ").append(Html.esc(row.step())).append("</h1>")
        .append("<p><a href=\"/runs/").append(id).append("\">Back to run ").append(id).append("</a></p><p>State <strong>")
        .append(row.state().name()).append("</strong>").append(row.exitStatus() == null ? "" : ", exit status " + row.exitStatus())
        .append("</p><pre class=\"message\">").append(Html.esc(row.message())).append("</pre>");
    b.append("<h2>Output</h2>").append(OutputView.html(outputs));
    b.append("<h2>Audit entries</h2><ol class=\"timeline\">");
    entries.forEach(e -> b.append(AuditView.item(e)));
    return b.append("</ol>").toString();
  }
}
