package dev.steady.run;

import dev.steady.canonical.CanonicalJson;
import java.util.List;

/**
 * The rows of a run whose outcome is {@link RowState#UNKNOWN}, and the token that names exactly that
 * set for {@code steady resume RUN --rerun-unknown TOKEN}. The token is derived from the run id and
 * each such row (host, step, how often its action was started), so it changes whenever the set
 * changes: a command typed for one set of rows never runs another.
 */
public final class UnknownRows {

  private UnknownRows() {}

  /** The UNKNOWN rows among {@code rows}, in checklist order. */
  public static List<RunRow> of(List<RunRow> rows) {
    return rows.stream().filter(r -> r.state() == RowState.UNKNOWN).toList();
  }

  /** The token of the UNKNOWN rows among {@code rows} of {@code run}; null when there is none. */
  public static String token(String run, List<RunRow> rows) {
    List<RunRow> unknown = of(rows);
    if (unknown.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder("steady unknown rows\n").append(run).append('\n');
    unknown.forEach(r -> b.append(r.host()).append('\t').append(r.step()).append('\t').append(r.actions()).append('\n'));
    return CanonicalJson.sha256Hex(b.toString()).substring(0, 10);
  }

  /** {@code app-01/restart, app-03/restart}: how messages list them. */
  static String names(List<RunRow> rows) {
    return String.join(", ", rows.stream().map(r -> r.host() + "/" + r.step()).toList());
  }
}
