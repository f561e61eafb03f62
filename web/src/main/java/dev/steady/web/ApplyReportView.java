package dev.steady.web;

import dev.steady.plan.ApplyReport;
import dev.steady.plan.Drift;
import dev.steady.plan.HostApplied;
import dev.steady.plan.Plan;
import java.util.List;

/** The apply report of a console-started apply: progress while it runs, then core's per-host outcome. */
final class ApplyReportView {

  private ApplyReportView() {}

  static String html(ApplyJobs.Job job, Plan plan) {
    StringBuilder b = new StringBuilder();
    b.append("<p>Started by ").append(Html.esc(job.user)).append(job.run == null ? "" : ", run " + Html.esc(job.run)).append(".</p>");
    ApplyReport report = job.report;
    if (job.failure != null) {
      b.append("<p id=\"apply-state\" class=\"banner bad\" role=\"status\">NOT ALL-CLEAR: ").append(Html.esc(job.failure)).append("</p>");
    } else if (report == null) {
      b.append("<p id=\"apply-state\" class=\"banner running\" role=\"status\">APPLYING…</p><ul>");
      job.progress.forEach((host, p) -> b.append("<li>").append(Html.esc(host)).append(": ").append(Html.count(p[0])).append(" files handled, ")
          .append(Html.bytes(p[1])).append(" freed</li>"));
      b.append("</ul>");
    } else {
      String line = (report.allClear() ? "ALL DONE" : "NOT ALL-CLEAR") + ": deleted " + Html.count(report.deleted()) + " of "
          + Html.count(plan.count()) + " files, freed " + Html.bytes(report.bytesFreed());
      b.append("<p id=\"apply-state\" class=\"banner ").append(report.allClear() ? "ok" : "bad").append("\" role=\"status\">")
          .append(Html.esc(line)).append("</p>");
    }
    List<HostApplied> hosts = report != null ? report.hosts() : job.hosts;
    b.append("<ul class=\"hosts\">");
    for (HostApplied h : hosts) {
      b.append("<li class=\"").append(h.clean() ? "ok" : "bad").append("\">").append(Html.esc(PlanRoutes.hostLine(h)));
      drifts(b, "drifted (not deleted)", h.drifted(), h.driftedCount());
      drifts(b, "failed to delete", h.failed(), h.failedCount());
      b.append("</li>");
    }
    return b.append("</ul>").toString();
  }

  private static void drifts(StringBuilder b, String what, List<Drift> drifts, long total) {
    if (total == 0) {
      return;
    }
    b.append("<p>").append(Html.count(total)).append(" ").append(what).append(":</p><ul>");
    drifts.stream().limit(100).forEach(d -> b.append("<li><code>").append(Html.esc(d.path())).append("</code>: ").append(Html.esc(d.reason()))
        .append("</li>"));
    b.append("</ul>");
  }
}
