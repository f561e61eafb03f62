package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.run.UnknownRows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the run page shows a row whose outcome is unknown, and the decisions it waits for. */
class RunPageTest {

  static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void unknownRow_isShownAsNotAllClear_withTheExactDecisionsAndTheirToken() {
    RunInfo run = new RunInfo("r-0ddba11", "restart", "not_all_clear", false, "alice@vm", "app", T, T, "{}");
    List<RunRow> rows = List.of(
        new RunRow("r-0ddba11", "app-01", "restart", 0, RowState.DONE, 0, T, T, 1, "verified"),
        new RunRow("r-0ddba11", "app-02", "restart", 1, RowState.UNKNOWN, null, T, T, 1, "start may have run before the interruption"));
    String token = UnknownRows.token("r-0ddba11", rows);

    assertThat(RunPage.row("r-0ddba11", rows.get(1), Optional.empty())).contains("<td class=\"state s-unknown\">UNKNOWN</td>");
    assertThat(RunBanner.text(run)).isEqualTo("NOT ALL-CLEAR: some rows failed, were refused, skipped or have an unknown outcome"
        + " (state not_all_clear)");
    assertThat(RunBanner.kind(run)).isEqualTo("bad");
    assertThat(RunPage.nextSteps(run, rows)).isEqualTo("<ul class=\"next\" aria-label=\"Next steps\"><li>1 row(s) may have acted before"
        + " an interruption and no check proved them healthy (app-02/restart); after looking at the host(s), run them again with:"
        + " <code>steady resume r-0ddba11 --rerun-unknown " + token + "</code></li><li>or leave them not run (SKIPPED, not all-clear)"
        + " with: <code>steady resume r-0ddba11 --skip-unknown</code></li></ul>");
    assertThat(RunPage.nextSteps(new RunInfo("r-0ddba11", "restart", "done", true, "alice@vm", "app", T, T, "{}"), rows.subList(0, 1)))
        .isEmpty();
  }
}
