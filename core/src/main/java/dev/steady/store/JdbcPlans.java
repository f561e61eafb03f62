package dev.steady.store;

import dev.steady.failure.SteadyException;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlanStorage;
import dev.steady.plan.ResultTally;
import dev.steady.plan.PlannedFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Plans in the store's tables (V2__plans.sql). A draft takes files batch by batch, each batch one
 * transaction with one batched statement; files and results come back through a cursor, never
 * all in memory. A sealed plan takes no more files, and moves planned → applying → applied by
 * single conditional updates, so two runs never both claim it (invariant 4).
 */
final class JdbcPlans implements PlanStorage {

  private static final String DRAFT = "draft";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  private static final int CANDIDATES = Prefixes.CANDIDATES;
  private static final String INSERT_FILE = "INSERT INTO plan_files"
      + " (plan_key, host, seq, path, size, mtime_ns, inode, device, allocated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPSERT_RESULT =
      "INSERT INTO plan_results (plan_key, host, seq, outcome, reason) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (plan_key, host, seq)"
          + " DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason";

  private final Sql sql;
  private final ReentrantLock writeLock;

  /** {@code writeLock} queues this process's writers here rather than on the database's lock. */
  JdbcPlans(Sql sql, ReentrantLock writeLock) {
    this.sql = sql;
    this.writeLock = writeLock;
  }

  @Override
  public long createDraft() {
    String now = Instant.now().toString();
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO plans (state, changed_at,"
          + " created_at) VALUES ('" + DRAFT + "', ?, ?) RETURNING plan_key")) {
        s.setString(1, now);
        s.setString(2, now);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  @Override
  public void appendFiles(long draft, String host, List<FileEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    locked(() -> sql.inTransaction(c -> {
      requireDraft(c, draft);
      long seq = nextSeq(c, draft, host);
      try (PreparedStatement s = c.prepareStatement(INSERT_FILE)) {
        for (FileEntry f : batch) {
          s.setLong(1, draft);
          s.setString(2, host);
          s.setLong(3, seq++);
          s.setBytes(4, f.path());
          s.setLong(5, f.size());
          s.setLong(6, f.mtimeNanos());
          s.setLong(7, f.inode());
          s.setLong(8, f.device());
          if (f.allocated() >= 0) {
            s.setLong(9, f.allocated());
          } else {
            s.setNull(9, java.sql.Types.BIGINT);
          }
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    }));
  }

  private void locked(Runnable write) {
    writeLock.lock();
    try {
      write.run();
    } finally {
      writeLock.unlock();
    }
  }

  /** Locks the draft's row (PostgreSQL) and refuses to change a sealed plan. */
  private void requireDraft(Connection c, long draft) throws SQLException {
    String state = stateOf(c, draft, sql.dialect().lockHead());
    if (!DRAFT.equals(state)) {
      throw new IllegalStateException(state == null ? "plan draft " + draft + " does not exist"
          : "plan draft " + draft + " is sealed (" + state + "); a plan never changes once sealed");
    }
  }

  private static String stateOf(Connection c, long draft, String lock) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT state FROM plans WHERE plan_key = ?" + lock)) {
      s.setLong(1, draft);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static long nextSeq(Connection c, long draft, String host) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT MAX(seq) FROM plan_files WHERE plan_key = ? AND host = ?")) {
      s.setLong(1, draft);
      s.setString(2, host);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long max = r.getLong(1);
        return r.wasNull() ? 0 : max + 1;
      }
    }
  }

  @Override
  public void forEachFile(long draft, String host, Consumer<PlannedFile> sink) {
    sql.stream("SELECT " + FILE_COLUMNS + " FROM plan_files"
            + " WHERE plan_key = ? AND host = ? ORDER BY seq",
        s -> {
          s.setLong(1, draft);
          s.setString(2, host);
        },
        r -> sink.accept(planned(r)));
  }

  private static final String FILE_COLUMNS = "seq, path, size, mtime_ns, inode, device, allocated";

  private static PlannedFile planned(ResultSet r) throws SQLException {
    long allocated = r.getLong(7);
    return new PlannedFile(r.getLong(1), new FileEntry(r.getBytes(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6),
        r.wasNull() ? -1 : allocated));
  }

  @Override
  public List<PlannedFile> filesPage(long draft, String host, String contains, long afterSeq, int limit) {
    byte[] needle = contains == null ? new byte[0] : contains.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String match = needle.length == 0 ? "" : sql.dialect() == Dialect.SQLITE ? " AND instr(path, ?) > 0" : " AND position(? in path) > 0";
    return sql.withConnection(c -> {
      List<PlannedFile> page = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM plan_files"
          + " WHERE plan_key = ? AND host = ? AND seq > ?" + match + " ORDER BY seq LIMIT ?")) {
        int i = 1;
        s.setLong(i++, draft);
        s.setString(i++, host);
        s.setLong(i++, afterSeq);
        if (needle.length > 0) {
          s.setBytes(i++, needle);
        }
        s.setInt(i, Math.max(0, limit));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            page.add(planned(r));
          }
        }
      }
      return page;
    });
  }

  @Override
  public void sealDraft(long draft, Plan plan) {
    if (plan.id() == null || !HEX.matcher(plan.id()).matches() || plan.id().length() != 64) {
      throw new IllegalArgumentException("a plan is sealed under its SHA-256 id, got " + plan.id());
    }
    String header = PlanJson.headerJson(plan);
    sql.inTransaction(c -> {
      requireDraft(c, draft);
      if (keyOf(c, plan.id()) != null) {
        throw new IllegalStateException("plan " + plan.id() + " is already stored: the same"
            + " plan cannot be sealed twice");
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE plans SET id = ?, header = ?,"
          + " state = ?, changed_at = ?, created_at = ? WHERE plan_key = ?")) {
        s.setString(1, plan.id());
        s.setString(2, header);
        s.setString(3, PlanState.PLANNED);
        s.setString(4, Instant.now().toString());
        s.setString(5, plan.createdAt().toString());
        s.setLong(6, draft);
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void deleteDraft(long draft) {
    sql.inTransaction(c -> {
      String state = stateOf(c, draft, sql.dialect().lockHead());
      if (state != null && !DRAFT.equals(state)) {
        throw new IllegalStateException("plan draft " + draft + " is sealed (" + state
            + "); a sealed plan is kept");
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM plans WHERE plan_key = ?")) {
        s.setLong(1, draft);
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Plan> findPlan(String idOrPrefix) {
    String prefix = idOrPrefix == null ? "" : idOrPrefix.strip().toLowerCase(Locale.ROOT);
    if (prefix.isEmpty()) {
      throw SteadyException.badInput("no plan id given; `steady plan list` shows the recent plans");
    }
    if (!HEX.matcher(prefix).matches()) {
      return Optional.empty();
    }
    List<String[]> found = sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id, header FROM plans WHERE id LIKE ? ORDER BY id LIMIT " + (CANDIDATES + 1))) {
        s.setString(1, prefix + "%");
        List<String[]> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new String[] {r.getString(1), r.getString(2)});
          }
        }
        return rows;
      }
    });
    if (found.size() > 1) {
      throw SteadyException.badInput(Prefixes.ambiguous("plan id", prefix,
          found.stream().map(row -> row[0].substring(0, 12)).toList(), CANDIDATES));
    }
    return found.stream().findFirst().map(row -> header(row[0], row[1]));
  }

  private Plan header(String id, String json) {
    try {
      return PlanJson.readHeader(json);
    } catch (IllegalArgumentException e) {
      throw new StoreException("store " + sql.display() + ": plan " + id
          + " has an unreadable header (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public long draftOf(String planId) {
    Long key = sql.withConnection(c -> keyOf(c, planId));
    if (key == null) {
      throw unknown(planId);
    }
    return key;
  }

  private static Long keyOf(Connection c, String planId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT plan_key FROM plans WHERE id = ?")) {
      s.setString(1, planId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  @Override
  public PlanState planState(String planId) {
    PlanState state = sql.withConnection(c -> {
      try (PreparedStatement s =
          c.prepareStatement("SELECT state, run, changed_at FROM plans WHERE id = ?")) {
        s.setString(1, planId);
        try (ResultSet r = s.executeQuery()) {
          return r.next()
              ? new PlanState(r.getString(1), r.getString(2), Instant.parse(r.getString(3)))
              : null;
        }
      }
    });
    if (state == null) {
      throw unknown(planId);
    }
    return state;
  }

  @Override
  public boolean claimForApply(String planId, String run, Instant now) {
    return move(planId, PlanState.PLANNED, null, PlanState.APPLYING, run, now);
  }

  @Override
  public void finishApply(String planId, String run, Instant now) {
    if (!move(planId, PlanState.APPLYING, run, PlanState.APPLIED, run, now)) {
      PlanState state = planState(planId);
      throw new IllegalStateException("plan " + planId + " is " + state.state() + " (run "
          + state.run() + "), not applying for run " + run + ": it cannot be finished by it");
    }
  }

  /** One conditional update: true when this call moved the plan (exactly one caller wins). */
  private boolean move(String planId, String from, String fromRun, String to, String run,
      Instant now) {
    String runCheck = fromRun == null ? "" : " AND run = ?";
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE plans SET state = ?, run = ?,"
          + " changed_at = ? WHERE id = ? AND state = ?" + runCheck)) {
        s.setString(1, to);
        s.setString(2, run);
        s.setString(3, now.toString());
        s.setString(4, planId);
        s.setString(5, from);
        if (fromRun != null) {
          s.setString(6, fromRun);
        }
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void recordFileResults(String planId, String host, List<FileResult> results) {
    if (results.isEmpty()) {
      return;
    }
    long key = draftOf(planId);
    locked(() -> sql.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(UPSERT_RESULT)) {
        for (FileResult result : results) {
          s.setLong(1, key);
          s.setString(2, host);
          s.setLong(3, result.seq());
          s.setString(4, result.outcome());
          s.setString(5, result.reason());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    }));
  }

  @Override
  public void forEachFileResult(String planId, String host, Consumer<FileResult> sink) {
    long key = draftOf(planId);
    sql.stream("SELECT seq, outcome, reason FROM plan_results WHERE plan_key = ? AND host = ?"
            + " ORDER BY seq",
        s -> {
          s.setLong(1, key);
          s.setString(2, host);
        },
        r -> sink.accept(new FileResult(r.getLong(1), r.getString(2), r.getString(3))));
  }

  @Override
  public ResultTally resultTally(String planId, String host) {
    long key = draftOf(planId);
    long[] t = new long[5];
    sql.stream("SELECT r.outcome, COUNT(*), SUM(f.size), SUM(COALESCE(f.allocated, f.size)) FROM plan_results r JOIN plan_files f"
            + " ON f.plan_key = r.plan_key AND f.host = r.host AND f.seq = r.seq"
            + " WHERE r.plan_key = ? AND r.host = ? GROUP BY r.outcome",
        s -> {
          s.setLong(1, key);
          s.setString(2, host);
        },
        r -> {
          switch (r.getString(1)) {
            case FileResult.DELETED -> {
              t[0] = r.getLong(2);
              t[1] = r.getLong(3);
              t[4] = r.getLong(4);
            }
            case FileResult.DRIFTED -> t[2] = r.getLong(2);
            default -> t[3] += r.getLong(2);
          }
        });
    return new ResultTally(t[0], t[1], t[4], t[2], t[3]);
  }

  @Override
  public List<Plan> recentPlans(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("recent plans need a positive limit, got " + limit);
    }
    List<String[]> rows = sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, header FROM plans"
          + " WHERE id IS NOT NULL ORDER BY plan_key DESC LIMIT ?")) {
        s.setInt(1, limit);
        List<String[]> newestFirst = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            newestFirst.add(new String[] {r.getString(1), r.getString(2)});
          }
        }
        return newestFirst;
      }
    });
    Collections.reverse(rows);
    return rows.stream().map(row -> header(row[0], row[1])).toList();
  }

  private SteadyException unknown(String planId) {
    return SteadyException.badInput("plan " + planId + " is not in store " + sql.display()
        + "; run `steady plan show` with an id that `steady cleanup plan` printed");
  }
}
