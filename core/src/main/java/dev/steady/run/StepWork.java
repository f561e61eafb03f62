package dev.steady.run;

import dev.steady.audit.AuditLog;
import dev.steady.check.Check;
import dev.steady.check.CheckResult;
import dev.steady.check.CheckRunner;
import dev.steady.inventory.Host;
import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step's action on one host over a verified connection: its conditions, then its command (with
 * retries and an optional wait-until-healthy) or its check. Never throws for a failing host: the row
 * ends DONE, FAILED, SKIPPED or UNKNOWN. A command's start and its end are stored with the row
 * before and after it runs, so a resume knows, from the row alone, whether it may have run
 * ({@link AfterInterruption}).
 */
final class StepWork {

  private static final Duration CONDITION_TIMEOUT = Duration.ofSeconds(60);
  private final Host host;
  private final VerifiedConnection connection;
  private final PlannedStep step;
  private final HostRunner.Rows rows;
  private final AuditLog audit;
  private final String run;

  StepWork(Host host, VerifiedConnection connection, PlannedStep step, HostRunner.Rows rows, AuditLog audit, String run) {
    this.host = host;
    this.connection = connection;
    this.step = step;
    this.rows = rows;
    this.audit = audit;
    this.run = run;
  }

  /**
   * Acts, unless {@code stored} (the row as the run found it) says its command may already have run:
   * then it is never started again here, only verified ({@link AfterInterruption}).
   */
  RowState act(RunRow stored) {
    if (step.action() instanceof StepAction.Command c && (stored.actionInFlight() || stored.actionCompleted())) {
      return new AfterInterruption(this, c, stored).settle();
    }
    for (Condition condition : step.conditions()) {
      CheckResult r = CheckRunner.run(connection, condition.check(), CONDITION_TIMEOUT);
      audit.append("run.condition", host.name(), run, Map.of("step", step.name(), "kind", condition.kind().word(),
          "check", condition.check().spec(), "status", r.status()));
      if (!condition.allowsAction(r.passed())) {
        return notNeeded(condition, r);
      }
    }
    return switch (step.action()) {
      case StepAction.Command c -> command(c);
      case StepAction.Verify v -> verify(v);
      case StepAction.Gate g -> end(RowState.DONE, null, "gate passed");
    };
  }

  private RowState notNeeded(Condition condition, CheckResult r) {
    String what = step.action() instanceof StepAction.Command c ? c.label() : "check";
    return switch (condition.kind()) {
      case PRECHECK -> end(RowState.SKIPPED, r.exitStatus(), "precheck did not pass, " + what + " not run: " + r.summary());
      case UNLESS -> end(RowState.DONE, r.exitStatus(), "not needed: unless `" + condition.check().spec() + "` passed; " + what
          + " not run");
      case ONLY_IF -> end(RowState.DONE, r.exitStatus(), "not needed: only_if `" + condition.check().spec() + "` did not pass ("
          + r.summary() + "); " + what + " not run");
    };
  }

  private RowState command(StepAction.Command c) {
    int attempts = c.retries() + 1;
    CommandResult result = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      String note = attempt > 1 ? " (attempt " + attempt + " of " + attempts + ")" : "";
      move(RowState.ACTING, null, ("start".equals(c.label()) ? "starting: " : "running: ") + c.command() + note, true);
      audit.append("run.action", host.name(), run, host.become() == null ? Map.of("step", step.name(), "command", c.command())
          : Map.of("step", step.name(), "command", c.command(), "as", connection.actsAs()));
      try {
        result = connection.run(c.command(), c.timeout(), 64 * 1024);
      } catch (IOException e) {
        if (attempt == attempts) {
          return end(RowState.FAILED, null, c.label() + " did not complete: " + e.getMessage());
        }
        continue;
      }
      audit.append("run.result", host.name(), run, result(result));
      rows.keepOutput(host.name(), step.name(), result);
      if (result.succeeded()) {
        break;
      }
      if (attempt == attempts) {
        return ended(result, RowState.FAILED, c.label() + " exited " + exit(result) + firstLine(result)
            + (attempts > 1 ? " (after " + attempts + " attempts)" : ""));
      }
      ended(result, RowState.ACTING, c.label() + " exited " + exit(result) + " (attempt " + attempt + " of " + attempts
          + "); trying again");
    }
    if (c.verify() == null) {
      return ended(result, RowState.DONE, c.label() + " exited 0" + firstLine(result));
    }
    ended(result, RowState.VERIFYING, "verifying: " + c.verify().describe());
    CheckResult verified = waitHealthy(c);
    return verified.passed()
        ? end(RowState.DONE, result.exitStatus(), "verified: " + verified.message())
        : end(RowState.FAILED, verified.exitStatus(), c.label() + " exited " + exit(result) + "; " + unhealthy(c, verified));
  }

  /** Why a verify did not pass: not within the deadline, or a check that cannot judge (UNKNOWN, not found), which ends the wait. */
  static String unhealthy(StepAction.Command c, CheckResult verified) {
    boolean early = CheckResult.UNKNOWN.equals(verified.status()) || CheckResult.ERROR.equals(verified.status());
    return (early ? "the check cannot judge, stopped waiting: " : "not healthy within " + c.deadline().toSeconds() + "s: ")
        + verified.summary();
  }

  private RowState verify(StepAction.Verify v) {
    move(RowState.VERIFYING, null, "checking: " + v.check().describe(), false);
    CheckResult r = v.deadline() != null
        ? CheckRunner.waitUntil(connection, v.check(), v.deadline(), v.interval(), attempt -> {})
        : attempts(v.check(), v.timeout(), v.retries() + 1, v.interval());
    audit.append("run.verify", host.name(), run, Map.of("step", step.name(), "status", r.status(), "message", r.message()));
    if (r.passed()) {
      return end(RowState.DONE, r.exitStatus(), "passed: " + r.message());
    }
    String within = v.deadline() != null ? " within " + v.deadline().toSeconds() + "s" : "";
    return end(RowState.FAILED, r.exitStatus(), "check did not pass" + within + ": " + r.summary());
  }

  private CheckResult attempts(Check check, Duration timeout, int attempts, Duration interval) {
    CheckResult r = CheckRunner.run(connection, check, timeout);
    for (int i = 1; i < attempts && !r.passed(); i++) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return r;
      }
      r = CheckRunner.run(connection, check, timeout);
    }
    return r;
  }

  /** Retries {@code c}'s check until it passes or its deadline passes, and audits the outcome. */
  CheckResult waitHealthy(StepAction.Command c) {
    CheckResult verified = CheckRunner.waitUntil(connection, c.verify(), c.deadline(), c.interval(), attempt -> {});
    audit.append("run.verify", host.name(), run, Map.of("step", step.name(), "status", verified.status(), "message", verified.message()));
    return verified;
  }

  /**
   * The command returned: the row moves to {@code state} with the fact that its action ended, and
   * how, in the same stored update. A command killed by a signal has no exit status: its end is not
   * recorded, so a resume treats it as one that may have run, never as one that did not.
   */
  private RowState ended(CommandResult result, RowState state, String message) {
    if (result.exitStatus() == null) {
      move(state, null, message, false);
    } else {
      rows.ended(host.name(), step.name(), state, result.exitStatus(), message);
    }
    return state;
  }

  RowState end(RowState state, Integer exit, String message) {
    move(state, exit, message, false);
    return state;
  }

  String run() {
    return run;
  }

  void move(RowState state, Integer exit, String message, boolean actionStarted) {
    rows.move(host.name(), step.name(), state, exit, message, actionStarted);
  }

  private static String exit(CommandResult r) {
    return r.exitStatus() != null ? r.exitStatus().toString() : "on signal " + r.exitSignal();
  }

  private static Map<String, Object> result(CommandResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exit_status", r.exitStatus());
    m.put("stdout_sha256", r.stdout().sha256());
    m.put("stderr_sha256", r.stderr().sha256());
    m.put("elapsed_ms", r.elapsed().toMillis());
    return m;
  }

  private static String firstLine(CommandResult r) {
    String err = r.stderr().text().strip();
    String out = r.stdout().text().strip();
    String line = (err.isEmpty() ? out : err).lines().findFirst().orElse("");
    return line.isEmpty() ? "" : ": " + line;
  }
}
