package dev.steady.store;

import static dev.steady.store.TestPlans.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.Plan;
import dev.steady.plan.PlannedFile;
import dev.steady.run.RowState;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code steady store copy}: a store with audit, plans, runs and leases copied into a new one (on
 * PostgreSQL in the subclass) is the same store: same chain, plans, files, results, rows, leases;
 * and the target keeps working. Refusals change nothing.
 */
@Timeout(60)
class StoreCopyTest extends StoreTestBase {

  static final Instant AT = Instant.parse("2026-11-24T10:00:00.123Z");
  static final byte[] LATIN1 = {'/', 'l', 'o', 'g', '/', 'c', (byte) 0xe9, '.', 'l', 'o', 'g'};

  /** A SQLite store with something of everything. */
  Plan fill(Store s) {
    AuditLog audit = new AuditLog(s, "alice@laptop");
    for (int i = 0; i < 25; i++) {
      audit.append("test.entry", "web-0" + (i % 3), "r-1", Map.of("i", i));
    }
    Map<String, List<FileEntry>> files = new LinkedHashMap<>();
    files.put("web-01", List.of(file("/log/a", 1), file(LATIN1, 2), file("/log/b", 3)));
    files.put("web-02", List.of(file("/log/x", 9)));
    Plan plan = TestPlans.seal(s, files);
    assertThat(s.claimForApply(plan.id(), "r-apply", AT)).isTrue();
    s.recordFileResults(plan.id(), "web-01", List.of(new FileResult(0, FileResult.DELETED, null),
        new FileResult(1, FileResult.DRIFTED, "size changed")));
    s.finishApply(plan.id(), "r-apply", AT);
    TestPlans.seal(s, Map.of("db-01", List.of(file("/tmp/z", 5))));
    s.createRun(new RunInfo("r-1", "restart", "running", false, "alice@laptop", "web", AT, null, "{\"x\":1}"),
        List.of(row("r-1", "web-01", 0), row("r-1", "web-02", 1)));
    s.transition("r-1", "web-01", "restart", RowState.ACTING, null, "starting", true, AT);
    s.transition("r-1", "web-01", "restart", RowState.DONE, 0, "verified", false, AT);
    s.createRun(new RunInfo("r-2", "runbook", "done", true, "bob@desk", "db", AT, AT, "{}"), List.of(row("r-2", "db-01", 0)));
    s.acquireLeases("r-1", "alice@laptop", List.of("web-01", "web-02"), AT);
    return plan;
  }

  static RunRow row(String run, String host, int position) {
    return new RunRow(run, host, "restart", position, RowState.PENDING, null, null, null, 0, null);
  }

  @Test
  void copy_givesTheSameStore_chainIntact_andTheTargetKeepsWorking() {
    String from = dir.resolve("source.db").toString();
    Plan plan;
    try (Store source = Stores.open(from)) {
      plan = fill(source);
    }

    Copied copied = Stores.copy("sqlite:" + from, storeUrl("target.db"));

    assertThat(copied.tables()).containsEntry("audit", 25L).containsEntry("audit_head", 1L).containsEntry("store_identity", 1L).containsEntry("plans", 2L)
        .containsEntry("plan_files", 5L).containsEntry("plan_results", 2L).containsEntry("runs", 2L)
        .containsEntry("run_rows", 3L).containsEntry("leases", 2L);
    assertThat(List.copyOf(copied.tables().keySet())).containsSubsequence("plans", "plan_files", "plan_results")
        .containsSubsequence("runs", "run_rows");
    try (Store source = Stores.open(from); Store target = openStore("target.db")) {
      assertSame(source, target, plan);
      AuditLog targetAudit = new AuditLog(target, "carol@ops");
      assertThat(targetAudit.verify().ok()).isTrue();
      AuditEntry next = targetAudit.append("after.copy", null, null, Map.of());
      assertThat(next.seq()).isEqualTo(26);
      assertThat(targetAudit.verify().ok()).isTrue();
      Plan another = TestPlans.seal(target, Map.of("web-09", List.of(file("/new", 1))));
      assertThat(target.findPlan(another.id())).isPresent();
      assertThat(target.draftOf(another.id())).as("generated keys continue after the copied ones")
          .isGreaterThan(target.draftOf(plan.id()));
    }
  }

  static void assertSame(Store source, Store target, Plan plan) {
    assertThat(target.storeId()).as("carried, so the source's checkpoints vouch for the copy").isEqualTo(source.storeId());
    assertThat(target.auditHead()).isEqualTo(source.auditHead());
    assertThat(entries(target)).isEqualTo(entries(source));
    assertThat(target.findPlan(plan.id())).isEqualTo(source.findPlan(plan.id()));
    assertThat(target.planState(plan.id())).isEqualTo(source.planState(plan.id()));
    assertThat(target.recentPlans(10)).isEqualTo(source.recentPlans(10));
    for (String host : List.of("web-01", "web-02")) {
      assertThat(files(target, plan, host)).isEqualTo(files(source, plan, host));
      List<FileResult> a = new ArrayList<>();
      List<FileResult> b = new ArrayList<>();
      source.forEachFileResult(plan.id(), host, a::add);
      target.forEachFileResult(plan.id(), host, b::add);
      assertThat(b).isEqualTo(a);
    }
    assertThat(files(target, plan, "web-01").get(1).file().path()).isEqualTo(LATIN1);
    assertThat(target.recentRuns(10)).isEqualTo(source.recentRuns(10));
    assertThat(target.rows("r-1")).isEqualTo(source.rows("r-1"));
    assertThat(target.rows("r-1").get(0).actions()).isEqualTo(1);
    assertThat(target.leases()).isEqualTo(source.leases());
  }

  static List<AuditEntry> entries(Store s) {
    List<AuditEntry> all = new ArrayList<>();
    s.forEachAudit(1, all::add);
    return all;
  }

  static List<PlannedFile> files(Store s, Plan plan, String host) {
    List<PlannedFile> all = new ArrayList<>();
    s.forEachFile(s.draftOf(plan.id()), host, all::add);
    return all;
  }

  @Test
  void copy_intoAStoreThatHoldsData_isRefused_andWritesNothing() {
    String from = dir.resolve("source.db").toString();
    try (Store source = Stores.open(from)) {
      fill(source);
    }
    try (Store target = openStore("target.db")) {
      new AuditLog(target, "bob@desk").append("mine", null, null, Map.of());
    }

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> Stores.copy(from, storeUrl("target.db")));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(e.getMessage()).contains("already holds data (audit: 1 rows)").contains("nothing was copied");
    try (Store target = openStore("target.db")) {
      assertThat(target.auditHead().seq()).isEqualTo(1);
      assertThat(target.recentRuns(10)).isEmpty();
    }
  }

  @Test
  void copy_fromAMissingStore_isBadInput_andCreatesNothing() {
    String target = storeUrl("target.db");

    SteadyException e = catchThrowableOfType(SteadyException.class,
        () -> Stores.copy(dir.resolve("nope.db").toString(), target));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains("nope.db does not exist");
    assertThat(Files.exists(dir.resolve("nope.db"))).isFalse();
    assertThat(Files.exists(dir.resolve("target.db"))).isFalse();
  }

  @Test
  void copy_fromAStoreAtAnOlderSchema_asksToMigrateItFirst() throws Exception {
    String from = dir.resolve("source.db").toString();
    Stores.open(from).close();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + from); var s = c.createStatement()) {
      s.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '" + Migrations.LATEST + "'");
    }

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> Stores.copy(from, storeUrl("target.db")));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains("store migrate");
  }

  @Test
  void copy_toAnUnreachableOrMalformedTarget_isBadInput() {
    String from = dir.resolve("source.db").toString();
    Stores.open(from).close();

    SteadyException unreachable = catchThrowableOfType(SteadyException.class,
        () -> Stores.copy(from, "postgresql://127.0.0.1:1/steady?user=nobody&password=secret"));
    SteadyException malformed = catchThrowableOfType(SteadyException.class, () -> Stores.copy(from, "mysql://db/steady"));

    assertThat(unreachable.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(unreachable.getMessage()).contains("127.0.0.1:1").contains("check --to").doesNotContain("secret");
    assertThat(malformed.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(malformed.getMessage()).contains("mysql://db/steady");
  }

  @Test
  void migrate_reportsBeforeAndAfter_andIsIdempotent() {
    Migrated first = Stores.migrate(storeUrl("new.db"));
    Migrated again = Stores.migrate(storeUrl("new.db"));

    assertThat(first.before()).isNull();
    assertThat(first.after()).isEqualTo(Migrations.LATEST);
    assertThat(first.changed()).isTrue();
    assertThat(again.before()).isEqualTo(Migrations.LATEST);
    assertThat(again.changed()).isFalse();
  }
}
