package dev.steady.run;

import dev.steady.canonical.CanonicalJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runbook made concrete for its hosts: per host, in inventory order, the steps with every variable
 * substituted. Dry-run prints this value and the engine runs this same value (invariant 1); it is
 * stored with the run, so resume runs exactly what was planned.
 *
 * @param file the runbook's file name, or a description such as "restart"
 * @param hosts host name → its steps, in inventory order; every host has the same step names
 */
public record RunbookPlan(String name, String file, String target, RateControl rate, Map<String, List<PlannedStep>> hosts) {

  public RunbookPlan {
    Map<String, List<PlannedStep>> copy = new LinkedHashMap<>();
    hosts.forEach((h, steps) -> copy.put(h, List.copyOf(steps)));
    hosts = Collections.unmodifiableMap(copy);
  }

  /** The steps as planned for {@code host}. */
  public List<PlannedStep> steps(String host) {
    return hosts.getOrDefault(host, List.of());
  }

  /** The steps of the first host: names, kinds and gates are the same for every host. */
  public List<PlannedStep> stepsOfAnyHost() {
    return hosts.isEmpty() ? List.of() : hosts.values().iterator().next();
  }

  /** The names of the steps that get a checklist row on every host: all but gates. */
  public List<String> rowSteps() {
    return stepsOfAnyHost().stream().filter(s -> !s.isGate()).map(PlannedStep::name).toList();
  }

  public boolean hasGates() {
    return stepsOfAnyHost().stream().anyMatch(PlannedStep::isGate);
  }

  /**
   * What a script passes as {@code --confirm-gates} to pass this plan's gates without a terminal:
   * shown only by the reviewed plan (dry-run), and different as soon as any command, host or step
   * differs, as the confirmation token of a cleanup plan is (invariant 7).
   */
  public String gateToken() {
    return CanonicalJson.sha256Hex(CanonicalJson.write(toMap())).substring(0, 10);
  }

  /** The rows the run starts with, all PENDING: inventory order, then step order. */
  List<RunRow> pendingRows(String run) {
    List<RunRow> rows = new ArrayList<>();
    List<String> steps = rowSteps();
    int position = 0;
    for (String host : hosts.keySet()) {
      for (String step : steps) {
        rows.add(new RunRow(run, host, step, position++, RowState.PENDING, null, null, null, 0, null));
      }
    }
    return rows;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("file", file);
    m.put("target", target);
    m.put("rate", rate.toMap());
    Map<String, Object> h = new LinkedHashMap<>();
    hosts.forEach((host, steps) -> h.put(host, steps.stream().map(PlannedStep::toMap).toList()));
    m.put("hosts", h);
    return m;
  }

  @SuppressWarnings("unchecked")
  static RunbookPlan fromMap(Map<String, Object> m) {
    Map<String, List<PlannedStep>> hosts = new LinkedHashMap<>();
    ((Map<String, List<Map<?, ?>>>) m.get("hosts")).forEach((host, steps) ->
        hosts.put(host, steps.stream().map(PlannedStep::fromMap).toList()));
    return new RunbookPlan(String.valueOf(m.get("name")), String.valueOf(m.get("file")), String.valueOf(m.get("target")),
        RateControl.fromMap((Map<String, Object>) m.get("rate")), hosts);
  }
}
