package dev.steady.web;

import dev.steady.run.RowCounts;
import dev.steady.run.RunInfo;

/**
 * The run page's banner. It only says what core stored: the all-clear is computed by the engine
 * from the rows when the run ends (invariant 8); the page never decides it. Under the verdict, the
 * rows counted by state ({@link RowCounts}), kept current by the live feed.
 */
final class RunBanner {

  private RunBanner() {}

  static String text(RunInfo info) {
    if (info.allClear()) {
      return "ALL-CLEAR: every row is done and verified";
    }
    return switch (info.state()) {
      case "running" -> "RUNNING: not all-clear yet";
      case "interrupted" -> "NOT ALL-CLEAR: interrupted; resume continues it";
      case "awaiting_approval" -> "AWAITING APPROVAL: nothing has run; a second engineer approves, then resume starts it";
      default -> "NOT ALL-CLEAR: some rows failed, were refused, skipped or have an unknown outcome (state " + info.state() + ")";
    };
  }

  /** The banner's class: ok, running or bad. */
  static String kind(RunInfo info) {
    return info.allClear() ? "ok" : "running".equals(info.state()) ? "running" : "bad";
  }

  static String html(RunInfo info, RowCounts counts) {
    return "<div id=\"banner\" class=\"banner " + kind(info) + "\" role=\"status\" aria-live=\"polite\"><p id=\"verdict\">"
        + Html.esc(text(info)) + "</p><p id=\"counts\" class=\"counts\">" + Html.esc(counts.line()) + "</p></div>";
  }
}
