package dev.steady.run;

import dev.steady.check.Check;
import dev.steady.check.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a run for one host, every value already substituted: what dry-run shows and what the
 * engine runs are this same value (invariant 1).
 *
 * @param concurrency at most this many hosts in this step at once, or 0 for the run's concurrency
 */
public record PlannedStep(String name, StepAction action, List<Condition> conditions, int concurrency) {

  public PlannedStep {
    conditions = List.copyOf(conditions);
  }

  public boolean isGate() {
    return action instanceof StepAction.Gate;
  }

  /** As stored in the run's spec, so resume needs nothing but the run id. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    switch (action) {
      case StepAction.Command c -> {
        m.put("run", c.command());
        m.put("timeout_ms", c.timeout().toMillis());
        m.put("retries", c.retries());
        m.put("verify", c.verify() == null ? null : c.verify().spec());
        m.put("deadline_ms", c.deadline() == null ? null : c.deadline().toMillis());
        m.put("interval_ms", c.interval().toMillis());
        m.put("label", c.label());
      }
      case StepAction.Verify v -> {
        m.put("check", v.check().spec());
        m.put("timeout_ms", v.timeout().toMillis());
        m.put("retries", v.retries());
        m.put("deadline_ms", v.deadline() == null ? null : v.deadline().toMillis());
        m.put("interval_ms", v.interval().toMillis());
      }
      case StepAction.Gate g -> {
        m.put("gate", g.prompt());
        m.put("word", g.word());
      }
    }
    m.put("conditions", conditions.stream().map(c -> Map.of("kind", c.kind().word(), "check", c.check().spec())).toList());
    m.put("concurrency", concurrency);
    return m;
  }

  static PlannedStep fromMap(Map<?, ?> m) {
    String name = m.get("name").toString();
    StepAction action;
    if (m.containsKey("run")) {
      action = new StepAction.Command(m.get("run").toString(), ms(m, "timeout_ms"), num(m, "retries"), check(m.get("verify"), name),
          ms(m, "deadline_ms"), ms(m, "interval_ms"), m.get("label").toString());
    } else if (m.containsKey("check")) {
      action = new StepAction.Verify(check(m.get("check"), name), ms(m, "timeout_ms"), num(m, "retries"), ms(m, "deadline_ms"),
          ms(m, "interval_ms"));
    } else {
      action = new StepAction.Gate(m.get("gate").toString(), m.get("word").toString());
    }
    List<Condition> conditions = new ArrayList<>();
    for (Object o : (List<?>) m.get("conditions")) {
      Map<?, ?> c = (Map<?, ?>) o;
      conditions.add(new Condition(Condition.Kind.valueOf(c.get("kind").toString().toUpperCase(java.util.Locale.ROOT)),
          check(c.get("check"), name)));
    }
    return new PlannedStep(name, action, conditions, num(m, "concurrency"));
  }

  private static Check check(Object spec, String step) {
    return spec == null ? null : Checks.parse(spec.toString(), "stored step '" + step + "'");
  }

  private static Duration ms(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : Duration.ofMillis(((Number) v).longValue());
  }

  private static int num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).intValue();
  }
}
