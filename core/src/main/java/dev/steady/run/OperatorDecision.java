package dev.steady.run;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ResumeChoice} applied to a run's rows: which ended rows it reopens (FAILED ones for
 * {@code --retry-failed}, UNKNOWN ones for {@code --rerun-unknown}, each with the rows SKIPPED after
 * it on its host) and which UNKNOWN rows it skips. A choice that does not fit the run is refused
 * before anything changes; the rows are moved fenced by the resuming controller's epoch and the
 * decision is audited with the rows it moved.
 */
final class OperatorDecision {

  private final String run;
  private final ResumeChoice choice;
  private final List<RunRow> retried;
  private final List<RunRow> rerun;
  private final List<RunRow> skipped;

  private OperatorDecision(String run, ResumeChoice choice, List<RunRow> retried, List<RunRow> rerun, List<RunRow> skipped) {
    this.run = run;
    this.choice = choice;
    this.retried = retried;
    this.rerun = rerun;
    this.skipped = skipped;
  }

  /** What {@code choice} does to {@code rows} of {@code run}; REFUSED, nothing changed, when it does not fit them. */
  static OperatorDecision of(String run, ResumeChoice choice, List<RunRow> rows) {
    List<RunRow> failed = rows.stream().filter(r -> r.state() == RowState.FAILED).toList();
    List<RunRow> unknown = UnknownRows.of(rows);
    if (choice.retryFailed() && failed.isEmpty()) {
      throw SteadyException.refused("run " + run + " has no failed row to retry (--retry-failed); nothing was run");
    }
    if ((choice.rerunUnknown() != null || choice.skipUnknown()) && unknown.isEmpty()) {
      throw SteadyException.refused("run " + run + " has no row whose outcome is unknown (" + (choice.skipUnknown() ? "--skip-unknown"
          : "--rerun-unknown") + "); nothing was changed");
    }
    String token = UnknownRows.token(run, rows);
    if (choice.rerunUnknown() != null && !choice.rerunUnknown().equals(token)) {
      throw SteadyException.refused("--rerun-unknown '" + choice.rerunUnknown() + "' does not name the rows of run " + run
          + " whose outcome is unknown now (" + UnknownRows.names(unknown) + "; their token is " + token + "); nothing was run;"
          + " look at those hosts, then `steady resume " + run + " --rerun-unknown " + token + "`");
    }
    return new OperatorDecision(run, choice, choice.retryFailed() ? withSkippedAfter(failed, rows) : List.of(),
        choice.rerunUnknown() != null ? withSkippedAfter(unknown, rows) : List.of(), choice.skipUnknown() ? unknown : List.of());
  }

  /** {@code ended} and, for each, the SKIPPED rows after it on its host: they were skipped because it stopped the host. */
  private static List<RunRow> withSkippedAfter(List<RunRow> ended, List<RunRow> rows) {
    Set<RunRow> all = new LinkedHashSet<>();
    for (RunRow stop : ended) {
      all.add(stop);
      rows.stream().filter(r -> r.host().equals(stop.host()) && r.position() > stop.position() && r.state() == RowState.SKIPPED)
          .forEach(all::add);
    }
    return all.stream().sorted((a, b) -> Integer.compare(a.position(), b.position())).toList();
  }

  boolean isEmpty() {
    return retried.isEmpty() && rerun.isEmpty() && skipped.isEmpty();
  }

  /** The hosts whose rows it moves, in checklist order. */
  Set<String> hosts() {
    Set<String> hosts = new LinkedHashSet<>();
    List<RunRow> moved = new ArrayList<>(retried);
    moved.addAll(rerun);
    moved.addAll(skipped);
    moved.stream().sorted((a, b) -> Integer.compare(a.position(), b.position())).forEach(r -> hosts.add(r.host()));
    return hosts;
  }

  /** Whether {@code other} moves exactly the same rows (the run did not change in between). */
  boolean sameRows(OperatorDecision other) {
    return keys(retried).equals(keys(other.retried)) && keys(rerun).equals(keys(other.rerun)) && keys(skipped).equals(keys(other.skipped));
  }

  /** Moves the rows, fenced by {@code epoch}, and audits each decision as {@code user}'s. */
  void apply(RunStorage storage, Instant epoch, AuditLog audit, Clock clock, String user) {
    reopen(storage, epoch, retried, "to run again after a fix: --retry-failed by " + user);
    reopen(storage, epoch, rerun, "to run again although its action may have run before: --rerun-unknown by " + user);
    for (RunRow r : skipped) {
      fenced(storage.transition(run, r.host(), r.step(), RowState.SKIPPED, null, "not run again: its outcome was unknown after an"
          + " interruption; skipped by " + user + " (--skip-unknown)", false, clock.instant(), epoch));
    }
    record(audit, "run.retry_failed", retried, null);
    record(audit, "run.rerun_unknown", rerun, choice.rerunUnknown());
    record(audit, "run.skip_unknown", skipped, null);
  }

  private void reopen(RunStorage storage, Instant epoch, List<RunRow> rows, String message) {
    rows.forEach(r -> fenced(storage.reopenRow(run, r.host(), r.step(), message, epoch)));
  }

  private void fenced(boolean stored) {
    if (!stored) {
      throw SteadyException.refused("run " + run + " was taken over by another controller while this resume applied its decision;"
          + " `steady status " + run + "` shows who drives it");
    }
  }

  private void record(AuditLog audit, String action, List<RunRow> rows, String token) {
    if (rows.isEmpty()) {
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rows", keys(rows));
    data.put("was", rows.stream().map(r -> r.state().name()).toList());
    if (token != null) {
      data.put("token", token);
    }
    audit.append(action, null, run, data);
  }

  private static List<String> keys(List<RunRow> rows) {
    return rows.stream().map(r -> r.host() + "/" + r.step()).toList();
  }
}
