package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AuditLogTest {

  @TempDir Path dir;
  private Path db;
  private Store store;
  private AuditLog log;

  @BeforeEach
  void open() {
    db = dir.resolve("steady.db");
    store = Stores.open(db.toString());
    log = new AuditLog(store, "alice@ctl");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void appendTen() {
    for (int i = 1; i <= 10; i++) {
      log.append("exec", "web-0" + (i % 3), i % 2 == 0 ? "run-a" : "run-b",
          Map.of("i", i, "cmd", "systemctl restart app", "ratio", 0.5 * i));
    }
  }

  private VerifyResult verifyAfterReopen() {
    store.close();
    store = Stores.open(db.toString());
    return new AuditLog(store, "bob@ctl").verify();
  }

  @Test
  void verify_ofEmptyLog_isOk() {
    assertThat(log.verify()).isEqualTo(new VerifyResult(true, 0, null, null));
  }

  @Test
  void append_chainsEntries_andVerifyIsOk() {
    appendTen();
    List<AuditEntry> all = log.tail(100, null);

    assertThat(all).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
        9L, 10L);
    assertThat(all.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).prevHash()).isEqualTo(all.get(i - 1).hash());
    }
    assertThat(all.get(9).actor()).isEqualTo("alice@ctl");
    assertThat(all.get(9).dataJson())
        .isEqualTo("{\"cmd\":\"systemctl restart app\",\"i\":10,\"ratio\":5.0}");
    assertThat(verifyAfterReopen()).isEqualTo(new VerifyResult(true, 10, null, null));
  }

  @Test
  void append_keepsNullsAndNesting_andReturnsWhatIsStored() {
    Map<String, Object> data = new HashMap<>();
    data.put("exit_status", null);
    data.put("hosts", Arrays.asList("a", null));
    data.put("nested", Map.of("b", 2, "a", 1));
    AuditEntry entry = log.append("run.row", null, null, data);

    assertThat(log.tail(1, null)).containsExactly(entry);
    assertThat(entry.dataJson())
        .isEqualTo("{\"exit_status\":null,\"hosts\":[\"a\",null],\"nested\":{\"a\":1,\"b\":2}}");
    assertThat(entry.host()).isNull();
    assertThat(log.verify().ok()).isTrue();
  }

  @Test
  void tail_returnsNewestOldestFirst_filteredByRun() {
    appendTen();
    assertThat(log.tail(3, null)).extracting(AuditEntry::seq).containsExactly(8L, 9L, 10L);
    assertThat(log.tail(2, "run-b")).extracting(AuditEntry::seq).containsExactly(7L, 9L);
    assertThat(log.tail(5, "no-such-run")).isEmpty();
  }

  @Test
  void verify_findsEditedData() {
    appendTen();
    Tamper.sql(db, "UPDATE audit SET data = ? WHERE seq = 4", "{\"cmd\":\"rm -rf /\",\"i\":4}");
    assertBad(verifyAfterReopen(), 4, "entry 4: hash does not match its content (edited?)");
  }

  @Test
  void verify_findsDataReformattedWithoutChangingMeaning() {
    appendTen();
    Tamper.sql(db, "UPDATE audit SET data = replace(data, ',', ', ') WHERE seq = 6");
    assertBad(verifyAfterReopen(), 6, "entry 6: hash does not match its content (edited?)");
  }

  @Test
  void verify_findsEditedActor() {
    appendTen();
    Tamper.sql(db, "UPDATE audit SET actor = 'mallory@ctl' WHERE seq = 2");
    assertBad(verifyAfterReopen(), 2, "entry 2: hash does not match its content (edited?)");
  }

  @Test
  void verify_findsDeletedMiddleEntry() {
    appendTen();
    Tamper.sql(db, "DELETE FROM audit WHERE seq = 5");
    assertBad(verifyAfterReopen(), 6,
        "entry 6: previous-hash link broken, entries 5..5 missing (removed?)");
  }

  @Test
  void verify_findsDeletedNewestEntries() {
    appendTen();
    Tamper.sql(db, "DELETE FROM audit WHERE seq > 7");
    assertBad(verifyAfterReopen(), 8, "log ends at 7 but the head says 10 (newest entries removed?)");
  }

  @Test
  void verify_findsRowsSwapped() {
    appendTen();
    Tamper.swapContents(db, 3, 4);
    assertBad(verifyAfterReopen(), 3,
        "entry 3: neither its hash nor its previous-hash link verifies (reordered or replaced?)");
  }

  @Test
  void verify_findsEntryEditedAndRehashed() {
    appendTen();
    rehashWithAction(5, "noop");
    assertBad(verifyAfterReopen(), 5,
        "entry 5: hash rewritten, entry 6 links to a different one (edited and re-hashed?)");
  }

  @Test
  void verify_findsNewestEntryEditedAndRehashed() {
    appendTen();
    rehashWithAction(10, "noop");
    assertBad(verifyAfterReopen(), 10,
        "entry 10: hash differs from the head's (edited and re-hashed?)");
  }

  @Test
  void verify_findsUnreadableTimestamp() {
    appendTen();
    Tamper.sql(db, "UPDATE audit SET at = 'yesterday' WHERE seq = 3");
    VerifyResult result = verifyAfterReopen();
    assertThat(result.ok()).isFalse();
    assertThat(result.firstBad()).isEqualTo(3);
    assertThat(result.reason()).startsWith("entry 3: unreadable, timestamp 'yesterday'");
  }

  @Test
  void verify_findsEntriesAppendedBeyondTheHead() {
    appendTen();
    AuditEntry last = log.tail(1, null).get(0);
    AuditRecord forged = new AuditRecord(last.at(), "mallory", "exec", null, null, Map.of());
    AuditEntry e = AuditChain.seal(11, last.hash(), forged, AuditChain.dataJson(forged));
    Tamper.sql(db, "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.seq(),
        AuditChain.formatAt(e.at()), e.actor(), e.action(), null, null, e.dataJson(),
        e.prevHash(), e.hash());
    assertBad(verifyAfterReopen(), 11, "entry 11: beyond the head at 10 (appended outside steady?)");
  }

  private void rehashWithAction(long seq, String action) {
    AuditEntry old = log.tail(100, null).get((int) seq - 1);
    AuditEntry edited = new AuditEntry(old.seq(), old.at(), old.actor(), action, old.host(),
        old.run(), old.dataJson(), old.prevHash(), "");
    Tamper.sql(db, "UPDATE audit SET action = ?, hash = ? WHERE seq = ?", action,
        AuditChain.hash(edited), seq);
  }

  private static void assertBad(VerifyResult result, long firstBad, String reason) {
    assertThat(result.ok()).isFalse();
    assertThat(result.firstBad()).isEqualTo(firstBad);
    assertThat(result.reason()).isEqualTo(reason);
  }
}
