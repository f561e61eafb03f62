package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import dev.steady.transport.CommandResult;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one command across hosts: per host, connect (key checked during key exchange), check
 * {@code hostname} on that same connection, and only then run the command (invariant 2). Virtual
 * threads bounded by a semaphore: thousands of hosts need no thousands of platform threads.
 */
public final class FleetExec {

  private final IdentityGate gate;
  private final AuditLog audit;

  public FleetExec(Transport transport, AuditLog audit) {
    this.gate = new IdentityGate(transport);
    this.audit = audit;
  }

  /** Runs the request; {@code listener} sees each host's outcome in inventory order. */
  public ExecReport run(ExecRequest request, ExecListener listener) {
    gate.prepare(request.hosts());
    String id = "x-" + UUID.randomUUID().toString().substring(0, 8);
    audit.append("exec.start", null, id, startData(request));
    List<HostOutcome> outcomes = FanOut.run(request.hosts(), request.concurrency(),
        host -> guarded(id, request, host, listener), listener::hostDone);
    ExecReport report = new ExecReport(id, outcomes);
    audit.append("exec.end", null, id, Map.of("ok", report.count("ok"), "failed", report.count("failed"),
        "refused", report.count("refused"), "unreachable", report.count("unreachable")));
    return report;
  }

  private HostOutcome guarded(String id, ExecRequest request, Host host, ExecListener listener) {
    try {
      return onHost(id, request, host, listener);
    } catch (RuntimeException e) {
      String reason = host.name() + ": internal error (" + e + "); the command may or may not have run; see the audit log";
      return new HostOutcome.Broken(host, new Identity.Unreachable(null, reason), reason);
    }
  }

  private HostOutcome onHost(String id, ExecRequest request, Host host, ExecListener listener) {
    Reached reached = gate.open(host, audit, id);
    listener.identityChecked(host, reached.identity());
    return switch (reached) {
      case Reached.Verified verified -> {
        try (VerifiedConnection connection = verified.connection()) {
          yield runCommand(id, request, connection, reached.identity());
        }
      }
      case Reached.Refused refused -> new HostOutcome.Refused(host, refused.identity());
      case Reached.Unreachable unreachable -> new HostOutcome.Unreachable(host, unreachable.identity());
    };
  }

  private HostOutcome runCommand(String id, ExecRequest request, VerifiedConnection connection, Identity identity) {
    Host host = connection.host();
    audit.append("exec.command", host.name(), id, host.become() == null ? Map.of("command", request.command())
        : Map.of("command", request.command(), "as", connection.actsAs()));
    try {
      CommandResult result = connection.run(request.command(), request.timeout(), request.outputCap());
      audit.append("exec.result", host.name(), id, resultData(result));
      return new HostOutcome.Ran(host, identity, result);
    } catch (IOException e) {
      audit.append("exec.broken", host.name(), id, Map.of("reason", String.valueOf(e.getMessage())));
      return new HostOutcome.Broken(host, identity, e.getMessage());
    }
  }

  private static Map<String, Object> startData(ExecRequest request) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("target", request.target());
    data.put("command", request.command());
    data.put("hosts", request.hosts().stream().map(Host::name).toList());
    data.put("concurrency", request.concurrency());
    return data;
  }

  private static Map<String, Object> resultData(CommandResult result) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("exit_status", result.exitStatus());
    data.put("exit_signal", result.exitSignal());
    data.put("stdout_bytes", result.stdout().totalBytes());
    data.put("stdout_sha256", result.stdout().sha256());
    data.put("stderr_bytes", result.stderr().totalBytes());
    data.put("stderr_sha256", result.stderr().sha256());
    data.put("elapsed_ms", result.elapsed().toMillis());
    return data;
  }
}
