package dev.steady.run;

import dev.steady.inventory.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One runbook step as written, before substitution: exactly one of {@code run}, {@code check},
 * {@code gate}, with its conditions and limits.
 *
 * @param source {@code file:line: step N 'name'}, for error messages
 * @param concurrency at most this many hosts in this step at once, 0 for no limit of its own
 */
record StepSpec(String name, String source, Template run, CheckTemplate check, String gate, String word, CheckTemplate onlyIf,
    CheckTemplate unless, CheckTemplate verify, Duration timeout, int retries, Duration deadline, Duration interval, int concurrency) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  static final Duration DEFAULT_VERIFY_DEADLINE = Duration.ofMinutes(2);

  /** This step for {@code host}, every variable substituted. */
  PlannedStep plan(Host host) {
    List<Condition> conditions = new ArrayList<>();
    if (onlyIf != null) {
      conditions.add(new Condition(Condition.Kind.ONLY_IF, onlyIf.render(host)));
    }
    if (unless != null) {
      conditions.add(new Condition(Condition.Kind.UNLESS, unless.render(host)));
    }
    return new PlannedStep(name, action(host), conditions, concurrency);
  }

  private StepAction action(Host host) {
    Duration every = interval == null ? DEFAULT_INTERVAL : interval;
    if (run != null) {
      return new StepAction.Command(run.render(host, true), timeout == null ? DEFAULT_TIMEOUT : timeout, retries,
          verify == null ? null : verify.render(host), deadline == null ? DEFAULT_VERIFY_DEADLINE : deadline, every, "command");
    }
    if (check != null) {
      return new StepAction.Verify(check.render(host), timeout == null ? DEFAULT_CHECK_TIMEOUT : timeout, retries, deadline, every);
    }
    return new StepAction.Gate(gate, word);
  }
}
