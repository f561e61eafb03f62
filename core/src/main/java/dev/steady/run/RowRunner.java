package dev.steady.run;

import dev.steady.audit.AuditLog;
import dev.steady.check.CheckResult;
import dev.steady.check.CheckRunner;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import dev.steady.transport.CommandResult;
import dev.steady.transport.ConnectFailed;
import dev.steady.transport.Connection;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifyIdentity;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Works one restart row: connect, prove identity, precheck, start, verify — storing each transition
 * before the next action (invariant 5). On resume, a row that had started its action is verified
 * first and its action is not repeated when the host is already healthy.
 */
final class RowRunner {

  static final String STEP = "restart";
  private final Transport transport;
  private final RunStorage storage;
  private final AuditLog audit;
  private final Clock clock;
  private final RunListener listener;
  private final String run;
  private final RestartSpec spec;
  private final java.util.Map<String, RunRow> rows;

  RowRunner(Transport transport, RunStorage storage, AuditLog audit, Clock clock, RunListener listener, String run, RestartSpec spec,
      java.util.Map<String, RunRow> rows) {
    this.rows = rows;
    this.transport = transport;
    this.storage = storage;
    this.audit = audit;
    this.clock = clock;
    this.listener = listener;
    this.run = run;
    this.spec = spec;
  }

  /** Works the row of {@code host} from {@code from} (PENDING, or where an interrupted run left it); returns its end state. */
  RowState work(Host host, RowState from) {
    move(host, RowState.CONNECTING, null, null, false);
    Connection connection;
    try {
      connection = transport.connect(host);
    } catch (ConnectFailed e) {
      return refusedOrUnreachable(host, e.identity());
    }
    try (connection) {
      Identity identity = VerifyIdentity.check(connection);
      audit.append("identity", host.name(), run, Map.of("identity", identity.code(), "message", identity.message()));
      if (!(identity instanceof Identity.Verified)) {
        return refusedOrUnreachable(host, identity);
      }
      move(host, RowState.IDENTIFIED, null, "identity ok: " + identity.fingerprint(), false);
      return act(host, connection, from == RowState.ACTING || from == RowState.VERIFYING);
    } catch (RuntimeException e) {
      return end(host, RowState.FAILED, null, "internal error: " + e);
    }
  }

  private RowState act(Host host, Connection connection, boolean mayHaveActed) {
    if (mayHaveActed) {
      move(host, RowState.VERIFYING, null, "resumed after an interruption: verifying before starting again", false);
      CheckResult now = CheckRunner.run(connection, spec.verify(), Duration.ofSeconds(30));
      if (now.passed()) {
        return end(host, RowState.DONE, null, "healthy on resume (start not repeated): " + now.message());
      }
    }
    if (spec.precheck() != null) {
      CheckResult pre = CheckRunner.run(connection, spec.precheck(), Duration.ofSeconds(60));
      if (!pre.passed()) {
        return end(host, RowState.SKIPPED, pre.exitStatus(), "precheck did not pass, start not run: " + pre.summary());
      }
    }
    move(host, RowState.ACTING, null, "starting: " + spec.start(), true);
    audit.append("run.action", host.name(), run, Map.of("command", spec.start()));
    CommandResult started;
    try {
      started = connection.run(spec.start(), spec.actionTimeout(), 64 * 1024);
    } catch (IOException e) {
      return end(host, RowState.FAILED, null, "start did not complete: " + e.getMessage());
    }
    audit.append("run.result", host.name(), run, result(started));
    if (!started.succeeded()) {
      return end(host, RowState.FAILED, started.exitStatus(), "start exited " + started.exitStatus() + firstLine(started));
    }
    move(host, RowState.VERIFYING, started.exitStatus(), "verifying: " + spec.verify().describe(), false);
    CheckResult verified = CheckRunner.waitUntil(connection, spec.verify(), spec.verifyDeadline(), spec.interval(), attempt -> {});
    audit.append("run.verify", host.name(), run, Map.of("status", verified.status(), "message", verified.message()));
    return verified.passed()
        ? end(host, RowState.DONE, started.exitStatus(), "verified: " + verified.message())
        : end(host, RowState.FAILED, started.exitStatus(), "not healthy within " + spec.verifyDeadline().toSeconds() + "s: " + verified.summary());
  }

  private RowState refusedOrUnreachable(Host host, Identity identity) {
    if (identity instanceof Identity.Unreachable) {
      return end(host, RowState.FAILED, null, "unreachable: " + identity.message());
    }
    return end(host, RowState.REFUSED, null, identity.message());
  }

  private RowState end(Host host, RowState state, Integer exit, String message) {
    move(host, state, exit, message, false);
    return state;
  }

  private void move(Host host, RowState state, Integer exit, String message, boolean actionStarted) {
    java.time.Instant at = clock.instant();
    String line = message == null ? null : oneLine(message);
    storage.transition(run, host.name(), STEP, state, exit, line, actionStarted, at);
    RunRow updated = rows.compute(host.name(), (name, r) -> new RunRow(run, name, STEP, r.position(), state,
        exit != null ? exit : r.exitStatus(), r.startedAt() != null ? r.startedAt() : at, state.terminal() ? at : null,
        r.actions() + (actionStarted ? 1 : 0), line != null ? line : r.message()));
    listener.rowChanged(updated);
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

  static String oneLine(String s) {
    String flat = s.replaceAll("\\s*\\R\\s*", " ").strip();
    return flat.length() > 400 ? flat.substring(0, 400) + "…" : flat;
  }
}
