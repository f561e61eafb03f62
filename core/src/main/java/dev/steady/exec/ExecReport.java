package dev.steady.exec;

import java.util.List;

/** The outcomes of a fan-out, in inventory order. */
public record ExecReport(String id, List<HostOutcome> outcomes) {

  public ExecReport {
    outcomes = List.copyOf(outcomes);
  }

  /** How many hosts ended in {@code state} (ok, failed, refused, unreachable). */
  public long count(String state) {
    return outcomes.stream().filter(o -> o.state().equals(state)).count();
  }

  /** True when the command ran and exited 0 on every host. */
  public boolean allOk() {
    return count("ok") == outcomes.size();
  }
}
