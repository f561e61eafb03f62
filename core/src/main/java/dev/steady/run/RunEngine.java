package dev.steady.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditLog;
import dev.steady.exec.FanOut;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.transport.Transport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a restart over a fleet as one checklist: hosts leased to the run, rows worked in inventory
 * (or reverse) order in batches at the given concurrency, no new row once more than max-errors rows
 * failed, every transition stored before the next action (invariant 5), and the all-clear computed
 * from the rows, never declared (invariant 8). {@link #stop()} lets running rows finish and starts
 * no new one; the run can then be resumed.
 */
public final class RunEngine {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Transport transport;
  private final RunStorage storage;
  private final AuditLog audit;
  private final Clock clock;
  private final String user;
  private volatile boolean stopping;

  public RunEngine(Transport transport, RunStorage storage, AuditLog audit, Clock clock, String user) {
    this.transport = transport;
    this.storage = storage;
    this.audit = audit;
    this.clock = clock;
    this.user = user;
  }

  /** Asks the run to start no new row (Ctrl-C); rows already running finish. */
  public void stop() {
    stopping = true;
  }

  /** Starts a restart run; REFUSED when a host is leased to another unfinished run. */
  public RunInfo restart(String target, List<Host> hosts, RestartSpec spec, RateControl rate, RunListener listener) {
    transport.prepare(hosts);
    String id = "r-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> names = hosts.stream().map(Host::name).toList();
    refuseIfLeased(id, names);
    String specJson = json(Map.of("restart", spec.toMap(), "rate", rate.toMap()));
    RunInfo info = new RunInfo(id, "restart", "running", false, user, target, clock.instant(), null, specJson);
    List<RunRow> rows = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      rows.add(new RunRow(id, hosts.get(i).name(), RowRunner.STEP, i, RowState.PENDING, null, null, null, 0, null));
    }
    storage.createRun(info, rows);
    audit.append("run.start", null, id, Map.of("kind", "restart", "target", target, "hosts", names, "spec", specJson));
    return execute(info, hosts, spec, rate, listener);
  }

  /** Continues an interrupted or stopped run: rows already ended are left alone. */
  public RunInfo resume(String runId, Function<String, Optional<Host>> inventory, RunListener listener) {
    RunInfo info = storage.findRun(runId).orElseThrow(() -> SteadyException.badInput("no run '" + runId
        + "' in this store; `steady status` lists the runs"));
    if (!"restart".equals(info.kind())) {
      throw SteadyException.badInput("run " + runId + " is a " + info.kind() + " run; resume it with the command that made it");
    }
    List<RunRow> open = storage.rows(runId).stream().filter(r -> !r.state().terminal()).toList();
    if (open.isEmpty()) {
      throw SteadyException.refused("run " + runId + " has no unfinished row (state " + info.state() + "); nothing to resume");
    }
    Map<String, Object> spec = parse(info.spec());
    @SuppressWarnings("unchecked")
    RestartSpec restart = RestartSpec.fromMap((Map<String, Object>) spec.get("restart"));
    @SuppressWarnings("unchecked")
    RateControl rate = RateControl.fromMap((Map<String, Object>) spec.get("rate"));
    List<Host> hosts = new ArrayList<>();
    for (RunRow row : open) {
      inventory.apply(row.host()).ifPresentOrElse(hosts::add, () -> storage.transition(runId, row.host(), row.step(), RowState.FAILED, null,
          row.host() + " is no longer in the inventory", false, clock.instant()));
    }
    refuseIfLeased(runId, hosts.stream().map(Host::name).toList());
    storage.reopenRun(runId, clock.instant());
    audit.append("run.resume", null, runId, Map.of("rows", open.size()));
    return execute(info, hosts, restart, rate, listener);
  }

  private RunInfo execute(RunInfo info, List<Host> hosts, RestartSpec spec, RateControl rate, RunListener listener) {
    String id = info.id();
    Map<String, RunRow> rows = new ConcurrentHashMap<>();
    storage.rows(id).forEach(r -> rows.put(r.host(), r));
    AtomicInteger errors = new AtomicInteger((int) rows.values().stream()
        .filter(r -> r.state() == RowState.FAILED || r.state() == RowState.REFUSED).count());
    RowRunner runner = new RowRunner(transport, storage, audit, clock, listener, id, spec, rows);
    List<Host> order = new ArrayList<>(hosts);
    if (rate.reverse()) {
      Collections.reverse(order);
    }
    List<List<Host>> batches = rate.batches(order);
    for (int b = 0; b < batches.size() && !halted(errors, rate); b++) {
      FanOut.run(batches.get(b), rate.concurrency(), host -> {
        if (halted(errors, rate)) {
          return null;
        }
        RowState end = runner.work(host, rows.get(host.name()).state());
        if (end == RowState.FAILED || end == RowState.REFUSED) {
          errors.incrementAndGet();
        }
        return end;
      }, r -> {});
      if (b < batches.size() - 1 && !rate.pauseBetween().isZero() && !halted(errors, rate)) {
        sleep(rate);
      }
    }
    return finish(id, errors, rate, listener);
  }

  private boolean halted(AtomicInteger errors, RateControl rate) {
    return stopping || errors.get() > rate.maxErrors();
  }

  private RunInfo finish(String id, AtomicInteger errors, RateControl rate, RunListener listener) {
    List<RunRow> rows = storage.rows(id);
    boolean allClear = rows.stream().allMatch(r -> r.state() == RowState.DONE);
    boolean open = rows.stream().anyMatch(r -> !r.state().terminal());
    String state = allClear ? "done" : stopping && open ? "interrupted" : "not_all_clear";
    if (open && errors.get() > rate.maxErrors()) {
      for (RunRow r : rows) {
        if (r.state() == RowState.PENDING) {
          storage.transition(id, r.host(), r.step(), RowState.PENDING, null,
              "not started: more than " + rate.maxErrors() + " rows failed (--max-errors)", false, clock.instant());
        }
      }
    }
    storage.finishRun(id, state, allClear, clock.instant());
    if (!"interrupted".equals(state)) {
      storage.releaseLeases(id);
    }
    audit.append("run.end", null, id, Map.of("state", state, "all_clear", allClear));
    RunInfo done = storage.findRun(id).orElseThrow();
    listener.finished(done);
    return done;
  }

  private void refuseIfLeased(String run, List<String> hosts) {
    List<Lease> held = storage.acquireLeases(run, user, hosts, clock.instant());
    if (held.isEmpty()) {
      return;
    }
    Map<String, List<String>> byRun = new LinkedHashMap<>();
    Map<String, String> who = new LinkedHashMap<>();
    for (Lease l : held) {
      byRun.computeIfAbsent(l.run(), r -> new ArrayList<>()).add(l.host());
      who.put(l.run(), l.user());
    }
    StringBuilder b = new StringBuilder();
    byRun.forEach((r, h) -> b.append(b.length() == 0 ? "" : "; ").append(String.join(", ", h)).append(" held by run ").append(r)
        .append(" (started by ").append(who.get(r)).append(")"));
    throw SteadyException.refused(b + "; nothing was started; wait for that run, or continue it with `steady resume "
        + byRun.keySet().iterator().next() + "`");
  }

  private void sleep(RateControl rate) {
    try {
      Thread.sleep(rate.pauseBetween());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run spec", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored run spec is not JSON", e);
    }
  }
}
