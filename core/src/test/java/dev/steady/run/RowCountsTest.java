package dev.steady.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowCountsTest {

  static RunRow row(int position, RowState state) {
    return new RunRow("r-1", "h" + position, "restart", position, state, null, null, null, 0, null);
  }

  @Test
  void line_countsEveryRowOnce_namingSkippedAndInProgressOnlyWhenThereAreAny() {
    List<RunRow> rows = List.of(row(0, RowState.DONE), row(1, RowState.FAILED), row(2, RowState.ACTING), row(3, RowState.VERIFYING),
        row(4, RowState.PENDING), row(5, RowState.SKIPPED), row(6, RowState.UNKNOWN), row(7, RowState.REFUSED), row(8, RowState.CONNECTING));

    RowCounts counts = RowCounts.of(rows);

    assertThat(counts.line()).isEqualTo("1 done · 1 failed · 1 refused · 1 unknown · 1 skipped · 3 in progress · 1 pending of 9");
    assertThat(counts.done() + counts.failed() + counts.refused() + counts.unknown() + counts.skipped() + counts.active() + counts.pending())
        .isEqualTo(counts.total());
    assertThat(RowCounts.of(List.of(row(0, RowState.DONE), row(1, RowState.DONE))).line())
        .isEqualTo("2 done · 0 failed · 0 refused · 0 unknown · 0 pending of 2");
  }
}
