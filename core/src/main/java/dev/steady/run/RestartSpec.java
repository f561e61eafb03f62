package dev.steady.run;

import dev.steady.check.Check;
import dev.steady.check.Checks;
import dev.steady.failure.SteadyException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restart does on each host: an optional precheck that must pass, the start command, and the
 * verification that must turn healthy before the deadline for the row to be DONE.
 *
 * @param precheck must pass before the start runs on a host (else the row is SKIPPED), or null
 * @param verifyDeadline how long verify is retried ("wait until healthy")
 * @param actionTimeout how long the start command may run
 */
public record RestartSpec(Check precheck, String start, Check verify, Duration verifyDeadline, Duration interval, Duration actionTimeout) {

  /** The name of a restart's single step in the checklist. */
  public static final String STEP = "restart";

  public RestartSpec {
    if (start == null || start.isBlank()) {
      throw SteadyException.badInput("--start is empty; give the command that starts the application on each host, e.g. 'systemctl start myapp'");
    }
    if (verify == null) {
      throw SteadyException.badInput("--verify is missing; a restart is done only when a check proves the host healthy, e.g. cmd:systemctl is-active myapp");
    }
  }

  /** The one-step runbook this restart is: step "restart" on every host of {@code hosts}. */
  RunbookPlan plan(String target, List<String> hosts, RateControl rate) {
    StepAction action = new StepAction.Command(start, actionTimeout, 0, verify, verifyDeadline, interval, "start");
    PlannedStep step = new PlannedStep(STEP, action, precheck == null ? List.of() : List.of(new Condition(Condition.Kind.PRECHECK, precheck)), 0);
    Map<String, List<PlannedStep>> steps = new LinkedHashMap<>();
    hosts.forEach(h -> steps.put(h, List.of(step)));
    return new RunbookPlan("restart", "restart", target, rate, steps);
  }

  /** As stored in the run, so resume needs nothing but the run id. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precheck", precheck == null ? null : precheck.spec());
    m.put("start", start);
    m.put("verify", verify.spec());
    m.put("verify_deadline_s", verifyDeadline.toSeconds());
    m.put("interval_ms", interval.toMillis());
    m.put("action_timeout_s", actionTimeout.toSeconds());
    return m;
  }

  public static RestartSpec fromMap(Map<String, Object> m) {
    Object pre = m.get("precheck");
    return new RestartSpec(pre == null ? null : Checks.parse(pre.toString(), "stored precheck"), m.get("start").toString(),
        Checks.parse(m.get("verify").toString(), "stored verify"), Duration.ofSeconds(((Number) m.get("verify_deadline_s")).longValue()),
        Duration.ofMillis(((Number) m.get("interval_ms")).longValue()), Duration.ofSeconds(((Number) m.get("action_timeout_s")).longValue()));
  }
}
