package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AuditChain;
import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.audit.AuditRecord;
import dev.steady.audit.VerifyResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit chain in the store (invariant 6): appends, streaming, and {@code audit verify}
 * finding entries edited, removed or reordered behind steady's back, on SQLite (here) and
 * PostgreSQL ({@link AuditStorePostgresTest}).
 */
@Timeout(60)
class AuditStoreTest extends StoreTestBase {

  private static final String DB = "audit.db";

  @Test
  void open_migratesOnce_thenTakesTheFastPath() {
    try (JdbcStore store = (JdbcStore) openStore(DB)) {
      assertThat(store.migrated()).isTrue();
      store.appendAudit(record("first"));
    }
    try (JdbcStore store = (JdbcStore) openStore(DB)) {
      assertThat(store.migrated()).isFalse();
      assertThat(store.auditTail(5, null)).singleElement()
          .satisfies(e -> assertThat(e.action()).isEqualTo("first"));
    }
  }

  @Test
  void appendBatch_takesConsecutiveSequenceNumbersInOneChain() {
    try (Store store = openStore(DB)) {
      store.appendAudit(record("one"));
      List<AuditEntry> batch =
          store.appendAudit(List.of(record("two"), record("three"), record("four")));
      assertThat(batch).extracting(AuditEntry::seq).containsExactly(2L, 3L, 4L);
      assertThat(batch.get(0).prevHash()).isEqualTo(store.auditTail(4, null).get(0).hash());
      assertThat(store.auditHead().seq()).isEqualTo(4);
      assertThat(store.auditHead().hash()).isEqualTo(batch.get(2).hash());
    }
  }

  @Test
  void latestPerHost_findsTheNewestEntryOfThatActionForEachHost() {
    try (Store store = openStore(DB)) {
      AuditLog log = new AuditLog(store, "t@ctl");
      log.append("identity", "web-01", null, Map.of("identity", "ok"));
      log.append("identity", "web-02", null, Map.of("identity", "ok"));
      log.append("exec", "web-01", "r-1", Map.of());
      log.append("identity", "web-01", null, Map.of("identity", "mismatch"));
      log.append("exec", "web-02", "r-1", Map.of());

      Map<String, AuditEntry> latest = log.latestPerHost("identity", List.of("web-01", "web-02", "web-03"));

      assertThat(latest).containsOnlyKeys("web-01", "web-02");
      assertThat(latest.get("web-01").seq()).isEqualTo(4);
      assertThat(latest.get("web-01").dataJson()).contains("mismatch");
      assertThat(latest.get("web-02").seq()).isEqualTo(2);
    }
  }

  @Test
  void forEachAudit_streamsFromTheGivenSequence_tailFiltersByRun() {
    try (Store store = openStore(DB)) {
      AuditLog log = new AuditLog(store, "t@ctl");
      for (int i = 0; i < 1200; i++) {
        log.append("exec", "web-01", i % 2 == 0 ? "r-even" : "r-odd", Map.of("i", i));
      }
      List<Long> seen = new ArrayList<>();
      store.forEachAudit(3, e -> seen.add(e.seq()));
      assertThat(seen).hasSize(1198).startsWith(3L, 4L).endsWith(1200L);
      assertThat(store.auditTail(3, "r-odd")).extracting(AuditEntry::seq)
          .containsExactly(1196L, 1198L, 1200L);
    }
  }

  @Test
  void threadsAppending_keepOneChain_andVerifyIsOk() throws Exception {
    try (Store store = openStore(DB)) {
      AuditLog log = new AuditLog(store, "t@ctl");
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String host = "h" + t;
        threads.add(Thread.ofPlatform().start(() -> {
          for (int i = 0; i < 50; i++) {
            log.append("exec", host, "r1", Map.of("i", i, "x", 1.50));
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(log.verify()).isEqualTo(new VerifyResult(true, 200, null, null));
    }
  }

  @Test
  void verify_findsAnEditedEntry() throws SQLException {
    appendTen();
    rawUpdate(DB, "UPDATE audit SET run = 'r2' WHERE seq = 7");
    assertBad(7, "entry 7: hash does not match its content (edited?)");
  }

  @Test
  void verify_findsDataReformattedWithoutChangingMeaning() throws SQLException {
    appendTen();
    rawUpdate(DB, "UPDATE audit SET data = replace(data, ',', ', ') WHERE seq = 6");
    assertBad(6, "entry 6: hash does not match its content (edited?)");
  }

  @Test
  void verify_findsARemovedEntry() throws SQLException {
    appendTen();
    rawUpdate(DB, "DELETE FROM audit WHERE seq = 5");
    assertBad(6, "entry 6: previous-hash link broken, entries 5..5 missing (removed?)");
  }

  @Test
  void verify_findsRemovedNewestEntries() throws SQLException {
    appendTen();
    rawUpdate(DB, "DELETE FROM audit WHERE seq > 7");
    assertBad(8, "log ends at 7 but the head says 10 (newest entries removed?)");
  }

  @Test
  void verify_findsReorderedEntries() throws SQLException {
    appendTen();
    String cols = "at, actor, action, host, run, data, prev_hash, hash";
    rawUpdate(DB, "CREATE TABLE swap AS SELECT seq, " + cols + " FROM audit WHERE seq IN (3, 4)");
    rawUpdate(DB, "UPDATE audit SET (" + cols + ") = (SELECT " + cols + " FROM swap"
        + " WHERE swap.seq = CASE audit.seq WHEN 3 THEN 4 ELSE 3 END) WHERE seq IN (3, 4)");
    rawUpdate(DB, "DROP TABLE swap");
    assertBad(3,
        "entry 3: neither its hash nor its previous-hash link verifies (reordered or replaced?)");
  }

  @Test
  void verify_findsAnEntryEditedAndRehashed() throws SQLException {
    appendTen();
    AuditEntry old;
    try (Store store = openStore(DB)) {
      old = store.auditTail(10, null).get(4);
    }
    AuditEntry edited = new AuditEntry(old.seq(), old.at(), old.actor(), "noop", old.host(),
        old.run(), old.dataJson(), old.prevHash(), "");
    rawUpdate(DB, "UPDATE audit SET action = ?, hash = ? WHERE seq = 5", "noop",
        AuditChain.hash(edited));
    assertBad(5, "entry 5: hash rewritten, entry 6 links to a different one (edited and re-hashed?)");
  }

  private void appendTen() {
    try (Store store = openStore(DB)) {
      AuditLog log = new AuditLog(store, "alice@ctl");
      for (int i = 1; i <= 10; i++) {
        log.append("exec", "web-0" + (i % 3), i % 2 == 0 ? "run-a" : "run-b",
            Map.of("i", i, "cmd", "systemctl restart app", "ratio", 0.5 * i));
      }
      assertThat(log.verify()).isEqualTo(new VerifyResult(true, 10, null, null));
    }
  }

  private void assertBad(long firstBad, String reason) {
    try (Store store = openStore(DB)) {
      VerifyResult result = new AuditLog(store, "bob@ctl").verify();
      assertThat(result.ok()).isFalse();
      assertThat(result.firstBad()).isEqualTo(firstBad);
      assertThat(result.reason()).isEqualTo(reason);
    }
  }

  static AuditRecord record(String action) {
    return new AuditRecord(Instant.now(), "test@ctl", action, null, null, Map.of());
  }
}
