package dev.steady.store;

import dev.steady.audit.AuditChain;
import dev.steady.failure.SteadyException;
import dev.steady.run.Controller;
import dev.steady.run.Lease;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.run.RunStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Runs, their checklists and host leases in the store's tables (V3__runs.sql). A row transition is
 * one conditional update in its own transaction, committed before the call returns (invariant 5).
 * Leases are taken all or none inside one write transaction that keeps other lockers out (SQLite
 * {@code BEGIN IMMEDIATE}, PostgreSQL a table lock), so two runs never share a host, even from two
 * processes.
 */
final class JdbcRuns implements RunStorage {

  static final String RUNNING = "running";
  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]+");

  private static final String RUN_COLUMNS =
      "id, kind, state, all_clear, user_name, target, started_at, ended_at, spec";
  private static final String ROW_COLUMNS = "run, host, step, position, state, exit_status,"
      + " started_at, ended_at, actions, message, actions_ended, action_exit";
  private static final String LEASE_COLUMNS = "host, run, user_name, acquired_at, heartbeat_at,"
      + " controller_host, controller_pid, controller_started, controller_boot";
  private static final String INSERT_ROW = "INSERT INTO run_rows (" + ROW_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /**
   * started_at is set once, on the first move out of PENDING (the parameter is null for PENDING);
   * ended_at is the time of a terminal state and null otherwise.
   */
  private static final String TRANSITION = "UPDATE run_rows SET state = ?,"
      + " exit_status = COALESCE(?, exit_status), message = COALESCE(?, message),"
      + " actions = actions + ?, started_at = COALESCE(started_at, ?), ended_at = ?"
      + " WHERE run = ? AND host = ? AND step = ?";
  /** A transition that also records the action's end: every start so far has ended, with this exit status. */
  private static final String ACTION_ENDED = "UPDATE run_rows SET state = ?, exit_status = ?, action_exit = ?,"
      + " actions_ended = actions, message = COALESCE(?, message), started_at = COALESCE(started_at, ?), ended_at = ?"
      + " WHERE run = ? AND host = ? AND step = ?";
  /** An operator's decision to run the row again: pending, not ended, its earlier starts written off. */
  private static final String REOPEN = "UPDATE run_rows SET state = 'PENDING', exit_status = NULL, action_exit = NULL,"
      + " actions_ended = actions, message = ?, started_at = NULL, ended_at = NULL WHERE run = ? AND host = ? AND step = ?";
  private static final String TAKE_LEASE = "INSERT INTO leases (" + LEASE_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host) DO UPDATE"
      + " SET acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at,"
      + " controller_host = excluded.controller_host, controller_pid = excluded.controller_pid,"
      + " controller_started = excluded.controller_started, controller_boot = excluded.controller_boot"
      + " WHERE leases.run = excluded.run";
  private static final String FENCE = " AND EXISTS (SELECT 1 FROM leases WHERE leases.run = ? AND leases.host = ? AND leases.acquired_at = ?)";

  private final Sql sql;
  private final ReentrantLock writeLock;
  private final Duration leaseTtl;

  /**
   * {@code writeLock} queues this process's SQLite writers here rather than on the database's
   * busy handler, which sleeps; PostgreSQL locks rows, so its writers do not queue.
   */
  JdbcRuns(Sql sql, ReentrantLock writeLock, Duration leaseTtl) {
    this.sql = sql;
    this.writeLock = writeLock;
    this.leaseTtl = Objects.requireNonNull(leaseTtl, "leaseTtl");
  }

  @Override
  public void createRun(RunInfo run, List<RunRow> rows) {
    Objects.requireNonNull(run.id(), "run id");
    for (RunRow row : rows) {
      if (row.run() != null && !row.run().equals(run.id())) {
        throw new IllegalArgumentException("row " + row.host() + "/" + row.step()
            + " belongs to run " + row.run() + ", not to " + run.id());
      }
    }
    write(() -> sql.inTransaction(c -> {
      if (findRun(c, run.id()) != null) {
        throw new IllegalStateException("run " + run.id() + " already exists in store "
            + sql.display());
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (" + RUN_COLUMNS
          + ", seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " (SELECT COALESCE(MAX(seq), 0) + 1 FROM runs))")) {
        s.setString(1, run.id());
        s.setString(2, run.kind());
        s.setString(3, run.state());
        s.setBoolean(4, run.allClear());
        s.setString(5, run.user());
        s.setString(6, run.target());
        s.setString(7, at(run.startedAt()));
        s.setString(8, at(run.endedAt()));
        s.setString(9, run.spec());
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(INSERT_ROW)) {
        for (RunRow row : rows) {
          s.setString(1, run.id());
          s.setString(2, row.host());
          s.setString(3, row.step());
          s.setInt(4, row.position());
          s.setString(5, (row.state() == null ? RowState.PENDING : row.state()).name());
          setInteger(s, 6, row.exitStatus());
          s.setString(7, at(row.startedAt()));
          s.setString(8, at(row.endedAt()));
          s.setInt(9, row.actions());
          s.setString(10, row.message());
          s.setInt(11, row.actionsEnded());
          setInteger(s, 12, row.actionExit());
          s.addBatch();
        }
        if (!rows.isEmpty()) {
          s.executeBatch();
        }
      }
      return null;
    }));
  }

  @Override
  public Optional<RunInfo> findRun(String id) {
    return Optional.ofNullable(sql.withConnection(c -> findRun(c, id)));
  }

  @Override
  public Optional<RunInfo> lookupRun(String idOrPrefix) {
    String prefix = idOrPrefix == null ? "" : idOrPrefix.strip();
    if (prefix.isEmpty()) {
      throw SteadyException.badInput("no run id given; `steady status` lists the runs");
    }
    Optional<RunInfo> exact = findRun(prefix);
    if (exact.isPresent() || !RUN_ID.matcher(prefix).matches()) {
      return exact;
    }
    List<RunInfo> found = sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id LIKE ? ORDER BY id LIMIT "
          + (Prefixes.CANDIDATES + 1))) {
        s.setString(1, prefix + "%");
        List<RunInfo> runs = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            runs.add(run(r));
          }
        }
        return runs;
      }
    });
    if (found.size() > 1) {
      throw SteadyException.badInput(Prefixes.ambiguous("run id", prefix, found.stream().map(RunInfo::id).toList(), Prefixes.CANDIDATES));
    }
    return found.stream().findFirst();
  }

  private RunInfo findRun(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? run(r) : null;
      }
    }
  }

  @Override
  public List<RunInfo> recentRuns(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("recent runs need a positive limit, got " + limit);
    }
    List<RunInfo> newestFirst = sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS
          + " FROM runs ORDER BY started_at DESC, seq DESC LIMIT ?")) {
        s.setInt(1, limit);
        List<RunInfo> found = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.add(run(r));
          }
        }
        return found;
      }
    });
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  @Override
  public List<RunRow> rows(String run) {
    List<RunRow> rows = new ArrayList<>();
    sql.stream("SELECT " + ROW_COLUMNS + " FROM run_rows WHERE run = ?"
            + " ORDER BY position, host, step",
        s -> s.setString(1, run),
        r -> rows.add(row(r)));
    return List.copyOf(rows);
  }

  @Override
  public boolean transition(String run, String host, String step, RowState state,
      Integer exitStatus, String message, boolean actionStarted, Instant at, Instant epoch) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    String when = at(at);
    return fenced(TRANSITION, run, host, step, epoch, s -> {
      s.setString(1, state.name());
      setInteger(s, 2, exitStatus);
      s.setString(3, message);
      s.setInt(4, actionStarted ? 1 : 0);
      s.setString(5, state == RowState.PENDING ? null : when);
      s.setString(6, state.terminal() ? when : null);
      return 7;
    });
  }

  @Override
  public boolean actionEnded(String run, String host, String step, RowState state, int exitStatus,
      String message, Instant at, Instant epoch) {
    Objects.requireNonNull(state, "state");
    String when = at(Objects.requireNonNull(at, "at"));
    return fenced(ACTION_ENDED, run, host, step, epoch, s -> {
      s.setString(1, state.name());
      s.setInt(2, exitStatus);
      s.setInt(3, exitStatus);
      s.setString(4, message);
      s.setString(5, when);
      s.setString(6, state.terminal() ? when : null);
      return 7;
    });
  }

  @Override
  public boolean reopenRow(String run, String host, String step, String message, Instant epoch) {
    return fenced(REOPEN, run, host, step, epoch, s -> {
      s.setString(1, message);
      return 2;
    });
  }

  /** Binds a row update's own values; returns the index of the next parameter. */
  private interface RowUpdate {
    int bind(PreparedStatement s) throws SQLException;
  }

  /**
   * One update of one row, fenced by {@code epoch} when not null, in its own transaction committed
   * on return: true when stored, false when the row is there but the lease is not this epoch's.
   */
  private boolean fenced(String update, String run, String host, String step, Instant epoch,
      RowUpdate values) {
    int updated = write(() -> sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(epoch == null ? update : update + FENCE)) {
        int i = values.bind(s);
        s.setString(i++, run);
        s.setString(i++, host);
        s.setString(i++, step);
        if (epoch != null) {
          s.setString(i++, run);
          s.setString(i++, host);
          s.setString(i, at(epoch));
        }
        return s.executeUpdate(); // autocommit: one transaction, committed on return
      }
    }));
    if (updated == 1) {
      return true;
    }
    if (epoch != null && rows(run).stream().anyMatch(r -> r.host().equals(host) && r.step().equals(step))) {
      return false; // the row is there, the lease is not ours: taken over
    }
    throw new IllegalStateException("run " + run + " has no row " + host + "/" + step
        + " in store " + sql.display());
  }

  @Override
  public void finishRun(String run, String state, boolean allClear, Instant at) {
    updateRun(run, "UPDATE runs SET state = ?, all_clear = ?, ended_at = ? WHERE id = ?",
        s -> {
          s.setString(1, state);
          s.setBoolean(2, allClear);
          s.setString(3, at(Objects.requireNonNull(at, "at")));
          s.setString(4, run);
        });
  }

  /** The run is running again: not ended, not all-clear (the resume is in the audit log). */
  @Override
  public void reopenRun(String run, Instant at) {
    updateRun(run, "UPDATE runs SET state = ?, all_clear = ?, ended_at = NULL WHERE id = ?",
        s -> {
          s.setString(1, RUNNING);
          s.setBoolean(2, false);
          s.setString(3, run);
        });
  }

  private void updateRun(String run, String update, Sql.Binder binder) {
    int updated = write(() -> sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(update)) {
        binder.bind(s);
        return s.executeUpdate();
      }
    }));
    if (updated != 1) {
      throw unknown(run);
    }
  }

  @Override
  public List<Lease> acquireLeases(String run, String user, Controller controller,
      List<String> hosts, Instant at) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(user, "user");
    LinkedHashSet<String> wanted = new LinkedHashSet<>(hosts);
    if (wanted.isEmpty()) {
      return List.of();
    }
    String when = at(Objects.requireNonNull(at, "at"));
    return write(() -> sql.inTransaction(c -> {
      sql.dialect().lockTable(c, "leases");
      // Leases are few (the hosts of unfinished runs): read the others' and match here.
      Map<String, Lease> others = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT " + LEASE_COLUMNS + " FROM leases WHERE run <> ?")) {
        s.setString(1, run);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Lease lease = lease(r);
            others.put(lease.host(), lease);
          }
        }
      }
      List<Lease> conflicts = wanted.stream().filter(others::containsKey).map(others::get)
          .toList();
      if (!conflicts.isEmpty()) {
        return conflicts; // nothing written: the transaction commits empty
      }
      try (PreparedStatement s = c.prepareStatement(TAKE_LEASE)) {
        for (String host : wanted) {
          s.setString(1, host);
          s.setString(2, run);
          s.setString(3, user);
          s.setString(4, when);
          s.setString(5, when);
          setController(s, 6, controller);
          s.addBatch();
        }
        s.executeBatch();
      }
      return List.<Lease>of();
    }));
  }

  @Override
  public void releaseLeases(String run) {
    write(() -> sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM leases WHERE run = ?")) {
        s.setString(1, run);
        return s.executeUpdate();
      }
    }));
  }

  @Override
  public List<Lease> leases() {
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT " + LEASE_COLUMNS + " FROM leases ORDER BY acquired_at, run, host");
          ResultSet r = s.executeQuery()) {
        List<Lease> found = new ArrayList<>();
        while (r.next()) {
          found.add(lease(r));
        }
        return List.copyOf(found);
      }
    });
  }

  @Override
  public Duration leaseTtl() {
    return leaseTtl;
  }

  @Override
  public int heartbeat(String run, Instant previous, Instant at) {
    Objects.requireNonNull(run, "run");
    String when = at(Objects.requireNonNull(at, "at"));
    String fence = previous == null ? "" : " AND heartbeat_at = ?";
    return write(() -> sql.withConnection(c -> {
      try (PreparedStatement s =
          c.prepareStatement("UPDATE leases SET heartbeat_at = ? WHERE run = ?" + fence)) {
        s.setString(1, when);
        s.setString(2, run);
        if (previous != null) {
          s.setString(3, at(previous));
        }
        return s.executeUpdate();
      }
    }));
  }

  @Override
  public List<Lease> takeOverLeases(String run, String user, Controller controller, Instant at,
      Predicate<Lease> gone) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(at, "at");
    // Timestamps are fixed-width UTC text, so text order is time order.
    String liveSince = at(at.minus(leaseTtl));
    String when = at(at);
    return write(() -> sql.inTransaction(c -> {
      sql.dialect().lockTable(c, "leases");
      List<Lease> live = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + LEASE_COLUMNS
          + " FROM leases WHERE run = ? AND heartbeat_at > ? ORDER BY host")) {
        s.setString(1, run);
        s.setString(2, liveSince);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Lease lease = lease(r);
            if (!gone.test(lease)) {
              live.add(lease);
            }
          }
        }
      }
      if (!live.isEmpty()) {
        return List.copyOf(live); // nothing written: the transaction commits empty
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE leases SET user_name = ?,"
          + " acquired_at = ?, heartbeat_at = ?, controller_host = ?, controller_pid = ?,"
          + " controller_started = ?, controller_boot = ? WHERE run = ?")) {
        s.setString(1, user);
        s.setString(2, when);
        s.setString(3, when);
        setController(s, 4, controller);
        s.setString(8, run);
        s.executeUpdate();
      }
      return List.<Lease>of();
    }));
  }

  private interface Write<T> {
    T run();
  }

  private <T> T write(Write<T> write) {
    if (sql.dialect() != Dialect.SQLITE) {
      return write.run();
    }
    writeLock.lock();
    try {
      return write.run();
    } finally {
      writeLock.unlock();
    }
  }

  private RunInfo run(ResultSet r) throws SQLException {
    String id = r.getString(1);
    try {
      return new RunInfo(id, r.getString(2), r.getString(3), r.getBoolean(4), r.getString(5),
          r.getString(6), instant(r.getString(7)), instant(r.getString(8)), r.getString(9));
    } catch (IllegalArgumentException e) {
      throw unreadable("run " + id, e);
    }
  }

  private RunRow row(ResultSet r) throws SQLException {
    String run = r.getString(1);
    String host = r.getString(2);
    String step = r.getString(3);
    try {
      int exit = r.getInt(6);
      Integer exitStatus = r.wasNull() ? null : exit;
      int actionExit = r.getInt(12);
      Integer lastExit = r.wasNull() ? null : actionExit;
      return new RunRow(run, host, step, r.getInt(4), RowState.valueOf(r.getString(5)),
          exitStatus, instant(r.getString(7)), instant(r.getString(8)), r.getInt(9),
          r.getString(10), r.getInt(11), lastExit);
    } catch (IllegalArgumentException e) {
      throw unreadable("run " + run + " row " + host + "/" + step, e);
    }
  }

  private Lease lease(ResultSet r) throws SQLException {
    String host = r.getString(1);
    try {
      String controllerHost = r.getString(6);
      long pid = r.getLong(7);
      Controller controller = controllerHost == null ? null
          : new Controller(controllerHost, pid, instant(r.getString(8)), r.getString(9));
      return new Lease(host, r.getString(2), r.getString(3), instant(r.getString(4)),
          instant(r.getString(5)), controller);
    } catch (IllegalArgumentException e) {
      throw unreadable("lease of " + host, e);
    }
  }

  private StoreException unreadable(String what, IllegalArgumentException e) {
    return new StoreException("store " + sql.display() + ": " + what + " is unreadable ("
        + e.getMessage() + ")", e);
  }

  private SteadyException unknown(String run) {
    return SteadyException.badInput("run " + run + " is not in store " + sql.display()
        + "; `steady status` lists the runs it holds");
  }

  /** The controller's four columns from {@code index} on, all null when not recorded. */
  private static void setController(PreparedStatement s, int index, Controller controller)
      throws SQLException {
    s.setString(index, controller == null ? null : controller.hostName());
    if (controller == null) {
      s.setNull(index + 1, Types.BIGINT);
    } else {
      s.setLong(index + 1, controller.pid());
    }
    s.setString(index + 2, controller == null ? null : at(controller.startedAt()));
    s.setString(index + 3, controller == null ? null : controller.bootId());
  }

  private static void setInteger(PreparedStatement s, int index, Integer value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }

  private static String at(Instant at) {
    return at == null ? null : AuditChain.formatAt(at);
  }

  private static Instant instant(String text) {
    return text == null ? null : AuditChain.parseAt(text);
  }
}
