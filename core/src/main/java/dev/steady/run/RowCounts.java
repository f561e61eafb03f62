package dev.steady.run;

import java.util.ArrayList;
import java.util.List;

/**
 * How many rows of a checklist are where, for a banner or a summary line: done, failed, refused,
 * unknown, skipped, in progress (connecting to verifying) and pending (not started), of the total.
 */
public record RowCounts(int total, int done, int failed, int refused, int unknown, int skipped, int active, int pending) {

  public static RowCounts of(List<RunRow> rows) {
    int[] n = new int[RowState.values().length];
    rows.forEach(r -> n[r.state().ordinal()]++);
    int active = n[RowState.CONNECTING.ordinal()] + n[RowState.IDENTIFIED.ordinal()] + n[RowState.ACTING.ordinal()]
        + n[RowState.VERIFYING.ordinal()];
    return new RowCounts(rows.size(), n[RowState.DONE.ordinal()], n[RowState.FAILED.ordinal()], n[RowState.REFUSED.ordinal()],
        n[RowState.UNKNOWN.ordinal()], n[RowState.SKIPPED.ordinal()], active, n[RowState.PENDING.ordinal()]);
  }

  /**
   * One line: {@code 3 done · 1 failed · 0 refused · 0 unknown · 6 pending of 10}, skipped and in
   * progress named only when there are any.
   */
  public String line() {
    List<String> parts = new ArrayList<>(List.of(done + " done", failed + " failed", refused + " refused", unknown + " unknown"));
    if (skipped > 0) {
      parts.add(skipped + " skipped");
    }
    if (active > 0) {
      parts.add(active + " in progress");
    }
    parts.add(pending + " pending");
    return String.join(" · ", parts) + " of " + total;
  }
}
