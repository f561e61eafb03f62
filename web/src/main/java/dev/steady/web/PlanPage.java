package dev.steady.web;

import dev.steady.approval.Approval;
import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlannedFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders a plan's review: totals, per-host review (free space now and after, guard notes, largest
 * files, excluded and skipped), the approval state, a searchable keyset-paged file list (one page
 * read from the store, never the whole plan), and the approve and apply forms for the roles that may.
 */
final class PlanPage {

  static final int PAGE = 100;

  private PlanPage() {}

  /** What the page shows besides the plan. */
  record View(Plan plan, PlanState state, Optional<Approval> approval, HostPlan host, String query, long after,
      List<PlannedFile> files, Instant now, Function<String, String> envOf, Optional<String> whyNotApprove,
      Optional<String> whyNotApply) {}

  static String body(Session session, View v, String notice) {
    Plan p = v.plan();
    StringBuilder b = new StringBuilder("<h1>Plan ").append(Html.esc(Html.shortId(p.id()))).append("</h1>");
    if (notice != null) {
      b.append(notice);
    }
    b.append("<dl class=\"facts\">").append(fact("Id", "<code>" + Html.esc(p.id()) + "</code>"))
        .append(fact("Made by", Html.esc(p.author()) + ", " + Html.time(p.createdAt())))
        .append(fact("Target", Html.esc(p.target())))
        .append(fact("Deletes", Html.count(p.count()) + " files, " + Html.bytes(p.bytes())))
        .append(fact("State", Html.esc(v.state().state()) + (v.state().run() == null ? "" : " (run " + Html.esc(v.state().run()) + ")")))
        .append(fact("Expires", Html.time(p.expiresAt()) + (p.expiredAt(v.now()) ? " <strong class=\"bad\">expired</strong>" : "")))
        .append(fact("Root", "<code>" + Html.esc(p.hosts().isEmpty() ? "" : p.hosts().get(0).root()) + "</code>"))
        .append(fact("Criteria", "<code class=\"criteria\">" + Html.esc(p.criteria().asTyped()) + "</code>"))
        .append(fact("Approval", approval(v.approval())))
        .append("</dl>");
    if (!p.guards().isEmpty()) {
      b.append("<h2>Guard notes</h2><ul class=\"notes\">");
      p.guards().forEach(g -> b.append("<li>").append(Html.esc(g)).append("</li>"));
      b.append("</ul>");
    }
    b.append(hosts(p, v.envOf()));
    b.append(files(v));
    b.append(actions(session, v));
    return b.toString();
  }

  private static String fact(String name, String html) {
    return "<dt>" + name + "</dt><dd>" + html + "</dd>";
  }

  private static String approval(Optional<Approval> approval) {
    if (approval.isEmpty()) {
      return "not required";
    }
    Approval a = approval.get();
    if (a.granted()) {
      return "<span class=\"ok\">approved</span> by " + Html.esc(a.approver()) + ", " + Html.time(a.approvedAt());
    }
    return "<span class=\"bad\">pending</span>: a second engineer with the approver role, not " + Html.esc(a.author())
        + ", must approve it before it can be applied";
  }

  private static String hosts(Plan p, Function<String, String> envOf) {
    StringBuilder b = new StringBuilder("<h2>Hosts</h2><table><thead><tr><th scope=\"col\">Host</th><th scope=\"col\">Root</th>")
        .append("<th scope=\"col\">Files</th><th scope=\"col\">Bytes</th><th scope=\"col\">Free now</th><th scope=\"col\">Free after</th>")
        .append("<th scope=\"col\">Oldest</th><th scope=\"col\">Newest</th></tr></thead><tbody>");
    for (HostPlan h : p.hosts()) {
      b.append("<tr><th scope=\"row\">").append(Html.esc(h.name())).append(" ").append(Html.env(envOf.apply(h.name())))
          .append("</th><td><code>").append(Html.esc(h.root())).append("</code></td><td>")
          .append(Html.count(h.count())).append(" of ").append(Html.count(h.totalFiles())).append("</td><td>").append(Html.bytes(h.bytes()))
          .append("</td><td>").append(free(h.freeBytes(), h.fsBytes())).append("</td><td>").append(free(h.freeBytes() + h.bytes(), h.fsBytes()))
          .append("</td><td>").append(nanos(h.oldestMtimeNanos())).append("</td><td>").append(nanos(h.newestMtimeNanos())).append("</td></tr>");
    }
    b.append("</tbody></table>");
    for (HostPlan h : p.hosts()) {
      b.append("<details class=\"review\"><summary>Review of ").append(Html.esc(h.name())).append("</summary>");
      list(b, "Guard notes", h.notes().stream().map(Html::esc).toList());
      list(b, "Largest files", h.largest().stream().map(f -> "<code>" + Html.esc(f.displayPath()) + "</code> " + Html.bytes(f.size())).toList());
      list(b, "Excluded", counts(h.excluded()));
      list(b, "Skipped", counts(h.skipped()));
      b.append("</details>");
    }
    return b.toString();
  }

  private static List<String> counts(Map<String, Long> m) {
    return m.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> Html.esc(e.getKey()) + ": " + Html.count(e.getValue())).toList();
  }

  private static void list(StringBuilder b, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    b.append("<h3>").append(title).append("</h3><ul>");
    items.forEach(i -> b.append("<li>").append(i).append("</li>"));
    b.append("</ul>");
  }

  private static String free(long free, long size) {
    return size <= 0 ? Html.bytes(free) : Html.bytes(free) + " (" + Math.round(100.0 * free / size) + "%)";
  }

  private static String nanos(long n) {
    return n == 0 ? "–" : Html.time(Instant.ofEpochSecond(0, n));
  }

  private static String files(View v) {
    Plan p = v.plan();
    String base = "/plans/" + p.id();
    StringBuilder b = new StringBuilder("<section aria-labelledby=\"files\"><h2 id=\"files\">Files to delete</h2>");
    b.append("<form class=\"search\" method=\"get\" action=\"").append(Html.esc(base)).append("#files\">")
        .append("<label for=\"host\">Host</label><select id=\"host\" name=\"host\">");
    for (HostPlan h : p.hosts()) {
      b.append("<option").append(h.name().equals(v.host().name()) ? " selected" : "").append(" value=\"").append(Html.esc(h.name())).append("\">")
          .append(Html.esc(h.name())).append(" (").append(Html.count(h.count())).append(")</option>");
    }
    b.append("</select><label for=\"q\">Path contains</label><input id=\"q\" name=\"q\" value=\"").append(Html.esc(v.query()))
        .append("\"><button type=\"submit\">Search</button></form>");
    List<PlannedFile> page = v.files().size() > PAGE ? v.files().subList(0, PAGE) : v.files();
    b.append("<table id=\"file-list\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Path</th><th scope=\"col\">Size</th>")
        .append("<th scope=\"col\">Modified</th></tr></thead><tbody>");
    for (PlannedFile f : page) {
      FileEntry e = f.file();
      b.append("<tr><td>").append(f.seq() + 1).append("</td><td><code class=\"path\">").append(Html.esc(e.displayPath()))
          .append(e.utf8() ? "" : "</code> <span class=\"note\">(not UTF-8: each invalid byte shown as \\xNN)</span><code>")
          .append("</code></td><td>").append(Html.bytes(e.size())).append("</td><td>").append(nanos(e.mtimeNanos())).append("</td></tr>");
    }
    b.append("</tbody></table>");
    if (page.isEmpty()) {
      b.append("<p>No file").append(v.query().isEmpty() ? " on this host." : " matches this search.").append("</p>");
    }
    String query = "?host=" + url(v.host().name()) + (v.query().isEmpty() ? "" : "&q=" + url(v.query()));
    b.append("<nav class=\"pager\" aria-label=\"file pages\">");
    if (v.after() >= 0) {
      b.append("<a href=\"").append(Html.esc(base + query)).append("#files\">First page</a> ");
    }
    if (v.files().size() > PAGE) {
      b.append("<a id=\"next-page\" href=\"").append(Html.esc(base + query + "&after=" + page.get(page.size() - 1).seq()))
          .append("#files\">Next ").append(PAGE).append(" files</a>");
    }
    return b.append("</nav></section>").toString();
  }

  /**
   * Approve (while approval is pending) and apply, each usable or disabled with the reason the role
   * check or core gives ({@code whyNotApprove}, {@code whyNotApply}). The token is shown only to
   * roles that may apply, as the CLI shows it only to whoever reviews the plan.
   */
  private static String actions(Session session, View v) {
    Plan p = v.plan();
    String base = "/plans/" + Html.esc(p.id());
    StringBuilder b = new StringBuilder("<section aria-labelledby=\"act\"><h2 id=\"act\">Approve and apply</h2>");
    boolean pending = v.approval().isPresent() && !v.approval().get().granted();
    if (pending) {
      Optional<String> why = Access.roleRefusal(session, dev.steady.account.Role::canApprove, "approve plans").or(v::whyNotApprove);
      b.append("<form class=\"act\" method=\"post\" action=\"").append(base).append("/approve\">").append(Html.csrfField(session))
          .append(Html.button("approve", null, "Approve this plan", why)).append("</form>");
    }
    Optional<String> role = Access.roleRefusal(session, dev.steady.account.Role::canOperate, "apply plans");
    Optional<String> why = role.or(v::whyNotApply);
    if (role.isEmpty() && v.whyNotApply().isEmpty()) {
      b.append("<p>To apply, type the confirmation token <strong class=\"token\">").append(Html.esc(p.confirmToken()))
          .append("</strong> after reviewing the plan above.</p>");
    }
    b.append("<form class=\"act apply\" method=\"post\" action=\"").append(base).append("/apply\">").append(Html.csrfField(session))
        .append("<label for=\"token\">Confirmation token</label><input id=\"token\" name=\"token\" autocomplete=\"off\" required")
        .append(why.isPresent() ? " disabled" : "").append(">")
        .append(Html.button("apply", "danger", "Delete " + Html.count(p.count()) + " files", why)).append("</form>");
    if (!PlanState.PLANNED.equals(v.state().state())) {
      b.append("<p><a href=\"").append(base).append("/apply\">Apply report</a></p>");
    }
    return b.append("</section>").toString();
  }

  static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
