package dev.steady.store;

import dev.steady.account.User;
import dev.steady.approval.Approval;
import dev.steady.audit.AuditChain;
import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditHead;
import dev.steady.audit.AuditHeadUnreadable;
import dev.steady.audit.AuditRecord;
import dev.steady.audit.AuditRowUnreadable;
import dev.steady.audit.Checkpoint;
import dev.steady.failure.SteadyException;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlannedFile;
import dev.steady.run.ActionOutput;
import dev.steady.run.Controller;
import dev.steady.run.Lease;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one {@link Store} implementation: plain JDBC over SQLite or PostgreSQL, the differences
 * kept in {@link Dialect}. Appends hold an in-process lock (so threads queue here rather than spin
 * on the database) and a database write lock (so processes never fork the chain). Plans are kept
 * by {@link JdbcPlans}, whose batch writes queue on the same in-process lock; runs, checklists
 * and leases by {@link JdbcRuns}, whose SQLite writes queue on it too.
 */
final class JdbcStore implements Store {

  private static final String COLUMNS = "seq, at, actor, action, host, run, data, prev_hash, hash";

  private final StoreLocation location;
  private final ConnectionPool pool;
  private final Sql sql;
  private final JdbcPlans plans;
  private final JdbcRuns runs;
  private final JdbcOutputs outputs;
  private final JdbcAccounts accounts;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final boolean migrated;

  private JdbcStore(StoreLocation location, ConnectionPool pool, boolean migrated,
      Duration leaseTtl) {
    this.location = location;
    this.pool = pool;
    this.sql = new Sql(location, pool);
    this.plans = new JdbcPlans(sql, appendLock);
    this.runs = new JdbcRuns(sql, appendLock, leaseTtl);
    this.outputs = new JdbcOutputs(sql, appendLock);
    this.accounts = new JdbcAccounts(sql);
    this.migrated = migrated;
  }

  static JdbcStore open(StoreLocation location, Duration leaseTtl) {
    ConnectionPool pool = new ConnectionPool(location.dialect(), location.jdbcUrl());
    try {
      return new JdbcStore(location, pool, Migrations.ensureCurrent(pool, location.dialect()),
          leaseTtl);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw SteadyException.badInput("store " + location.display() + " cannot be opened ("
          + Sql.oneLine(e) + "); point --store or STEADY_STORE at a steady database or a new file",
          e);
    }
  }

  @Override
  public String url() {
    return location.display();
  }

  /** Whether opening this store had to run migrations (false on the fast path). */
  boolean migrated() {
    return migrated;
  }

  @Override
  public AuditEntry appendAudit(AuditRecord record) {
    return appendAudit(List.of(record)).get(0);
  }

  @Override
  public List<AuditEntry> appendAudit(List<AuditRecord> records) {
    List<String> data = records.stream().map(AuditChain::dataJson).toList();
    appendLock.lock();
    try {
      return sql.withConnection(c -> appendInTransaction(c, records, data));
    } finally {
      appendLock.unlock();
    }
  }

  private List<AuditEntry> appendInTransaction(
      Connection c, List<AuditRecord> records, List<String> data) throws SQLException {
    Dialect dialect = location.dialect();
    dialect.beginWrite(c);
    try {
      AuditHead head = readHead(c, dialect.lockHead());
      List<AuditEntry> sealed = new ArrayList<>(records.size());
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO audit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < records.size(); i++) {
          head = insert(insert, AuditChain.seal(head.seq() + 1, head.hash(), records.get(i),
              data.get(i)), sealed);
        }
      }
      writeHead(c, head);
      dialect.commit(c);
      return List.copyOf(sealed);
    } catch (SQLException | RuntimeException e) {
      try {
        dialect.rollback(c);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static AuditHead insert(PreparedStatement s, AuditEntry e, List<AuditEntry> sealed)
      throws SQLException {
    s.setLong(1, e.seq());
    s.setString(2, AuditChain.formatAt(e.at()));
    s.setString(3, e.actor());
    s.setString(4, e.action());
    s.setString(5, e.host());
    s.setString(6, e.run());
    s.setString(7, e.dataJson());
    s.setString(8, e.prevHash());
    s.setString(9, e.hash());
    s.executeUpdate();
    sealed.add(e);
    return new AuditHead(e.seq(), e.hash());
  }

  private static AuditHead readHead(Connection c, String lock) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1" + lock);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new AuditHeadUnreadable("the audit head is missing: audit_head has no row (deleted outside steady?)");
      }
      return head(r.getString(1), r.getString(2));
    }
  }

  /** The head as stored, read as text so that anything but what steady writes is refused. */
  private static AuditHead head(String seq, String hash) {
    try {
      return new AuditHead(Long.parseLong(String.valueOf(seq).strip()), hash);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new AuditHeadUnreadable("the audit head is malformed: audit_head holds last_seq " + seq + ", last_hash "
          + hash + " (edited outside steady?)");
    }
  }

  private static void writeHead(Connection c, AuditHead head) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
      s.setLong(1, head.seq());
      s.setString(2, head.hash());
      s.executeUpdate();
    }
  }

  @Override
  public AuditHead auditHead() {
    return sql.withConnection(c -> readHead(c, ""));
  }

  @Override
  public Optional<String> storeId() {
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT store_id FROM store_identity WHERE id = 1");
          ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.ofNullable(r.getString(1)).filter(Checkpoint::isStoreId) : Optional.empty();
      }
    });
  }

  @Override
  public void forEachAudit(long fromSeq, Consumer<AuditEntry> sink) {
    Dialect dialect = location.dialect();
    sql.withConnection(c -> {
      dialect.beginStream(c);
      try (PreparedStatement s = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM audit WHERE seq >= ? ORDER BY seq")) {
        s.setFetchSize(500);
        s.setLong(1, fromSeq);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            sink.accept(entry(r));
          }
        }
      } finally {
        dialect.endStream(c);
      }
      return null;
    });
  }

  @Override
  public List<AuditEntry> auditTail(int limit, String run) {
    if (limit < 1) {
      throw new IllegalArgumentException("an audit tail needs a positive limit, got " + limit);
    }
    String where = run == null ? "" : " WHERE run = ?";
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM audit" + where + " ORDER BY seq DESC LIMIT ?")) {
        int i = 1;
        if (run != null) {
          s.setString(i++, run);
        }
        s.setInt(i, limit);
        List<AuditEntry> newestFirst = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            newestFirst.add(entry(r));
          }
        }
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
      }
    });
  }

  @Override
  public Map<String, AuditEntry> latestPerHost(String action, List<String> hosts) {
    return sql.withConnection(c -> {
      Map<String, AuditEntry> latest = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM audit WHERE host = ? AND action = ? ORDER BY seq DESC LIMIT 1")) {
        for (String host : hosts) {
          s.setString(1, host);
          s.setString(2, action);
          try (ResultSet r = s.executeQuery()) {
            if (r.next()) {
              latest.put(host, entry(r));
            }
          }
        }
      }
      return Collections.unmodifiableMap(latest);
    });
  }

  private static AuditEntry entry(ResultSet r) throws SQLException {
    long seq = r.getLong(1);
    try {
      return new AuditEntry(seq, AuditChain.parseAt(r.getString(2)), r.getString(3),
          r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
          r.getString(9));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new AuditRowUnreadable(seq, e.getMessage(), e);
    }
  }

  @Override
  public long createDraft() {
    return plans.createDraft();
  }

  @Override
  public void appendFiles(long draft, String host, List<FileEntry> batch) {
    plans.appendFiles(draft, host, batch);
  }

  @Override
  public void forEachFile(long draft, String host, Consumer<PlannedFile> sink) {
    plans.forEachFile(draft, host, sink);
  }

  @Override
  public List<PlannedFile> filesPage(long draft, String host, String contains, long afterSeq, int limit) {
    return plans.filesPage(draft, host, contains, afterSeq, limit);
  }

  @Override
  public void sealDraft(long draft, Plan plan) {
    plans.sealDraft(draft, plan);
  }

  @Override
  public void deleteDraft(long draft) {
    plans.deleteDraft(draft);
  }

  @Override
  public Optional<Plan> findPlan(String idOrPrefix) {
    return plans.findPlan(idOrPrefix);
  }

  @Override
  public long draftOf(String planId) {
    return plans.draftOf(planId);
  }

  @Override
  public PlanState planState(String planId) {
    return plans.planState(planId);
  }

  @Override
  public boolean claimForApply(String planId, String run, Instant now) {
    return plans.claimForApply(planId, run, now);
  }

  @Override
  public void finishApply(String planId, String run, Instant now) {
    plans.finishApply(planId, run, now);
  }

  @Override
  public void recordFileResults(String planId, String host, List<FileResult> results) {
    plans.recordFileResults(planId, host, results);
  }

  @Override
  public void forEachFileResult(String planId, String host, Consumer<FileResult> sink) {
    plans.forEachFileResult(planId, host, sink);
  }

  @Override
  public dev.steady.plan.ResultTally resultTally(String planId, String host) {
    return plans.resultTally(planId, host);
  }

  @Override
  public List<Plan> recentPlans(int limit) {
    return plans.recentPlans(limit);
  }

  @Override
  public void createRun(RunInfo run, List<RunRow> rows) {
    runs.createRun(run, rows);
  }

  @Override
  public Optional<RunInfo> findRun(String id) {
    return runs.findRun(id);
  }

  @Override
  public Optional<RunInfo> lookupRun(String idOrPrefix) {
    return runs.lookupRun(idOrPrefix);
  }

  @Override
  public List<RunInfo> recentRuns(int limit) {
    return runs.recentRuns(limit);
  }

  @Override
  public List<RunRow> rows(String run) {
    return runs.rows(run);
  }
  @Override
  public void keepOutput(ActionOutput output) {
    outputs.keep(output);
  }

  @Override
  public List<ActionOutput> outputs(String run, String host) {
    return outputs.of(run, host);
  }


  @Override
  public boolean transition(String run, String host, String step, RowState state,
      Integer exitStatus, String message, boolean actionStarted, Instant at, Instant epoch) {
    return runs.transition(run, host, step, state, exitStatus, message, actionStarted, at, epoch);
  }

  @Override
  public boolean actionEnded(String run, String host, String step, RowState state, int exitStatus,
      String message, Instant at, Instant epoch) {
    return runs.actionEnded(run, host, step, state, exitStatus, message, at, epoch);
  }

  @Override
  public boolean reopenRow(String run, String host, String step, String message, Instant epoch) {
    return runs.reopenRow(run, host, step, message, epoch);
  }

  @Override
  public void finishRun(String run, String state, boolean allClear, Instant at) {
    runs.finishRun(run, state, allClear, at);
  }

  @Override
  public void reopenRun(String run, Instant at) {
    runs.reopenRun(run, at);
  }

  @Override
  public List<Lease> acquireLeases(String run, String user, Controller controller,
      List<String> hosts, Instant at) {
    return runs.acquireLeases(run, user, controller, hosts, at);
  }

  @Override
  public void releaseLeases(String run) {
    runs.releaseLeases(run);
  }

  @Override
  public List<Lease> leases() {
    return runs.leases();
  }

  @Override
  public Duration leaseTtl() {
    return runs.leaseTtl();
  }

  @Override
  public int heartbeat(String run, Instant previous, Instant at) {
    return runs.heartbeat(run, previous, at);
  }

  @Override
  public List<Lease> takeOverLeases(String run, String user, Controller controller, Instant at,
      Predicate<Lease> gone) {
    return runs.takeOverLeases(run, user, controller, at, gone);
  }

  @Override
  public Duration storePatience() {
    return StorePatience.fromEnv(System.getenv());
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public boolean addUser(User user, String passwordHash) {
    return accounts.addUser(user, passwordHash);
  }

  @Override
  public Optional<User> findUser(String name) {
    return accounts.findUser(name);
  }

  @Override
  public Optional<String> passwordHash(String name) {
    return accounts.passwordHash(name);
  }

  @Override
  public boolean setPasswordHash(String name, String passwordHash) {
    return accounts.setPasswordHash(name, passwordHash);
  }

  @Override
  public boolean removeUser(String name) {
    return accounts.removeUser(name);
  }

  @Override
  public List<User> users() {
    return accounts.users();
  }

  @Override
  public void requireApproval(String subject, String author, Instant at) {
    accounts.requireApproval(subject, author, at);
  }

  @Override
  public Optional<Approval> approval(String subject) {
    return accounts.approval(subject);
  }

  @Override
  public boolean grantApproval(String subject, String approver, Instant at) {
    return accounts.grantApproval(subject, approver, at);
  }

  @Override
  public List<Approval> pendingApprovals() {
    return accounts.pendingApprovals();
  }
}
