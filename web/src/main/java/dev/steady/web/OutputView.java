package dev.steady.web;

import dev.steady.run.ActionOutput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a row's command printed, as text: each start's stdout and stderr as core kept them (the
 * first 16 KiB of each), escaped, with "… N more bytes" where the command printed more.
 */
final class OutputView {

  private OutputView() {}

  static String html(List<ActionOutput> outputs) {
    if (outputs.isEmpty()) {
      return "<p class=\"note\">No output kept for this row (its command has not run, or ran before the console kept output).</p>";
    }
    StringBuilder b = new StringBuilder();
    for (ActionOutput o : outputs) {
      b.append("<section class=\"output\"><h3>").append(Html.esc(title(o))).append("</h3>");
      stream(b, "stdout", o.stdout());
      stream(b, "stderr", o.stderr());
      b.append("</section>");
    }
    return b.toString();
  }

  static String title(ActionOutput o) {
    return o.step() + ", start " + o.attempt() + ", " + (o.exitStatus() == null ? "ended by a signal" : "exit status " + o.exitStatus())
        + ", " + Html.time(o.at());
  }

  private static void stream(StringBuilder b, String name, ActionOutput.Head head) {
    b.append("<h4>").append(name).append(head.totalBytes() == 0 ? " (empty)" : "").append("</h4>");
    if (head.totalBytes() > 0) {
      b.append("<pre class=\"out\">").append(Html.esc(head.text())).append("</pre>");
    }
    if (head.moreBytes() > 0) {
      b.append("<p class=\"more\">… ").append(Html.count(head.moreBytes())).append(" more bytes not kept</p>");
    }
  }

  /** The same for the row details the page's script opens in place (it puts the text in with textContent). */
  static Map<String, Object> json(ActionOutput o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", title(o));
    m.put("stdout", o.stdout().text());
    m.put("stdoutMore", o.stdout().moreBytes());
    m.put("stderr", o.stderr().text());
    m.put("stderrMore", o.stderr().moreBytes());
    return m;
  }
}
