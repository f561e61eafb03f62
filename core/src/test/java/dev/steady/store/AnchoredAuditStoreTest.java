package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AnchorFile;
import dev.steady.audit.AnchorLine;
import dev.steady.audit.Anchors;
import dev.steady.audit.AuditChain;
import dev.steady.audit.AuditLog;
import dev.steady.audit.Checkpoints;
import dev.steady.audit.VerifyResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariant 6 against someone with store access (every engineer in team mode): rewrites that keep
 * the chain and the head consistent pass the chain alone, and are found by the controller's
 * checkpoints in its anchor file. On SQLite (here) and PostgreSQL ({@link
 * AnchoredAuditStorePostgresTest}).
 */
@Timeout(60)
class AnchoredAuditStoreTest extends StoreTestBase {

  private static final String DB = "anchored.db";

  Path anchor() {
    return dir.resolve("audit-anchor");
  }

  /** Ten entries appended by a controller that checkpoints them: one line, at entry 10. */
  void appendTenCheckpointed() {
    try (Store store = openStore(DB)) {
      Checkpoints checkpoints = Checkpoints.open(store, new AnchorFile(anchor()), dir.resolve("audit-anchor.key"));
      AuditLog log = new AuditLog(store, "alice@ctl").anchoredBy(checkpoints);
      for (int i = 1; i <= 10; i++) {
        log.append("exec", "web-0" + (i % 3), "r-1", Map.of("i", i, "cmd", "systemctl restart app"));
      }
      assertThat(checkpoints.flush()).isPresent();
    }
  }

  VerifyResult verifyPlain() {
    try (Store store = openStore(DB)) {
      return new AuditLog(store, "bob@ctl").verify();
    }
  }

  VerifyResult verifyAnchored() {
    try (Store store = openStore(DB)) {
      return new AuditLog(store, "bob@ctl").verify(anchors());
    }
  }

  Anchors anchors() {
    return new AnchorFile(anchor()).read(true);
  }

  /** "the checkpoint in FILE line N of TIME", as verify names it. */
  String checkpointLine(int number) {
    AnchorLine line = anchors().lines().get(number - 1);
    return "the checkpoint in " + anchor() + " line " + number + " of " + AuditChain.formatAt(line.checkpoint().at());
  }

  void tamper(SqlWork work) throws SQLException {
    try (Connection c = rawConnection(DB)) {
      work.run(c);
    }
  }

  interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  @Test
  void verify_withAnchor_passesAnUntouchedLog_andSaysHowFarItIsAnchored() {
    appendTenCheckpointed();

    VerifyResult result = verifyAnchored();

    assertThat(result.ok()).as(String.valueOf(result)).isTrue();
    assertThat(result.entries()).isEqualTo(10);
    assertThat(result.anchor().checkpoints()).isEqualTo(1);
    assertThat(result.anchor().anchoredSeq()).isEqualTo(10);
    assertThat(result.anchor().keys()).containsExactly(anchors().lines().get(0).key());
    try (Store store = openStore(DB)) {
      assertThat(result.anchor().store()).isEqualTo(store.storeId().orElseThrow());
    }
  }

  @Test
  void verify_withAnchor_findsTailTruncatedWithHeadUpdated() throws SQLException {
    appendTenCheckpointed();
    tamper(c -> Rewrite.truncateTo(c, 7));

    assertThat(verifyPlain()).isEqualTo(new VerifyResult(true, 7, null, null));
    VerifyResult anchored = verifyAnchored();
    assertThat(anchored.ok()).isFalse();
    assertThat(anchored.firstBad()).isEqualTo(8);
    assertThat(anchored.reason()).isEqualTo("entry 8: missing, but " + checkpointLine(1)
        + " says the log reached entry 10 (entries removed and the head reset?)");
  }

  @Test
  void verify_withAnchor_findsAnEditRehashedOnwardWithHeadUpdated() throws SQLException {
    appendTenCheckpointed();
    tamper(c -> Rewrite.editAndRehashFrom(c, 4, "noop"));

    assertThat(verifyPlain()).isEqualTo(new VerifyResult(true, 10, null, null));
    VerifyResult anchored = verifyAnchored();
    assertThat(anchored.ok()).isFalse();
    assertThat(anchored.firstBad()).isEqualTo(10);
    assertThat(anchored.reason()).isEqualTo("entry 10: hash differs from " + checkpointLine(1)
        + " (entries 1..10 rewritten and re-hashed?)");
  }

  @Test
  void verify_withAnchor_findsEveryEntryDeletedWithHeadReset() throws SQLException {
    appendTenCheckpointed();
    tamper(c -> Rewrite.truncateTo(c, 0));

    assertThat(verifyPlain()).isEqualTo(new VerifyResult(true, 0, null, null));
    VerifyResult anchored = verifyAnchored();
    assertThat(anchored.ok()).isFalse();
    assertThat(anchored.firstBad()).isEqualTo(1);
    assertThat(anchored.reason()).isEqualTo("entry 1: missing, but " + checkpointLine(1)
        + " says the log reached entry 10 (entries removed and the head reset?)");
  }

  @Test
  void verify_findsAMissingHeadRow_withAndWithoutAnchor() throws SQLException {
    appendTenCheckpointed();
    rawUpdate(DB, "DELETE FROM audit_head");

    String reason = "the audit head is missing: audit_head has no row (deleted outside steady?)";
    assertThat(verifyPlain()).isEqualTo(new VerifyResult(false, 10, null, reason));
    VerifyResult anchored = verifyAnchored();
    assertThat(anchored.ok()).isFalse();
    assertThat(anchored.firstBad()).isNull();
    assertThat(anchored.reason()).isEqualTo(reason);
  }

  @Test
  void verify_findsAMalformedHead() throws SQLException {
    appendTenCheckpointed();
    rawUpdate(DB, "UPDATE audit_head SET last_hash = 'rewritten'");

    VerifyResult result = verifyPlain();

    assertThat(result.ok()).isFalse();
    assertThat(result.firstBad()).isNull();
    assertThat(result.reason()).isEqualTo("the audit head is malformed: audit_head holds last_seq 10, last_hash rewritten"
        + " (edited outside steady?)");
  }

  @Test
  void verify_withAnchor_findsARewriteThatAlsoAppendedPastTheCheckpoint() throws SQLException {
    appendTenCheckpointed();
    tamper(c -> Rewrite.truncateTo(c, 5));
    try (Store store = openStore(DB)) {
      AuditLog attacker = new AuditLog(store, "mallory@ctl");
      for (int i = 0; i < 8; i++) {
        attacker.append("exec", "web-01", "r-1", Map.of("i", i));
      }
    }

    assertThat(verifyPlain().ok()).isTrue();
    VerifyResult anchored = verifyAnchored();
    assertThat(anchored.firstBad()).isEqualTo(10);
    assertThat(anchored.reason()).isEqualTo("entry 10: hash differs from " + checkpointLine(1)
        + " (entries 1..10 rewritten and re-hashed?)");
  }

  @Test
  void verify_withAnchor_narrowsTheRewriteToAfterTheNewestCheckpointThatHolds() throws SQLException {
    appendTenCheckpointed();
    try (Store store = openStore(DB)) {
      Checkpoints checkpoints = Checkpoints.open(store, new AnchorFile(anchor()), dir.resolve("audit-anchor.key"));
      AuditLog log = new AuditLog(store, "alice@ctl").anchoredBy(checkpoints);
      for (int i = 0; i < 5; i++) {
        log.append("exec", "web-01", "r-2", Map.of("i", i));
      }
      checkpoints.flush();
    }
    tamper(c -> Rewrite.editAndRehashFrom(c, 12, "noop"));

    VerifyResult anchored = verifyAnchored();

    assertThat(anchored.firstBad()).isEqualTo(15);
    assertThat(anchored.reason()).isEqualTo("entry 15: hash differs from " + checkpointLine(2)
        + " (entries 11..15 rewritten and re-hashed?)");
    assertThat(anchored.anchor().checkpoints()).isEqualTo(2);
    assertThat(anchored.anchor().anchoredSeq()).isEqualTo(15);
  }

  @Test
  void verify_withAnchor_cannotSeeARewriteAfterTheNewestCheckpoint() throws SQLException {
    appendTenCheckpointed();
    try (Store store = openStore(DB)) {
      AuditLog unanchored = new AuditLog(store, "alice@ctl");
      for (int i = 0; i < 5; i++) {
        unanchored.append("exec", "web-01", "r-2", Map.of("i", i));
      }
    }
    tamper(c -> Rewrite.editAndRehashFrom(c, 12, "noop"));

    VerifyResult anchored = verifyAnchored();

    assertThat(anchored.ok()).as("the limit the README states: entries after the newest checkpoint").isTrue();
    assertThat(anchored.anchor().anchoredSeq()).isEqualTo(10);
  }

  @Test
  void verify_withRequiredAnchor_failsWhenTheStoreIdWasChanged_butTheDefaultOnlyRemarksIt() throws SQLException {
    appendTenCheckpointed();
    rawUpdate(DB, "UPDATE store_identity SET store_id = 'forged'");

    VerifyResult required = verifyAnchored();
    VerifyResult optional;
    try (Store store = openStore(DB)) {
      optional = new AuditLog(store, "bob@ctl").verify(new AnchorFile(anchor()).read(false));
    }

    assertThat(required).isEqualTo(new VerifyResult(false, 10, null, "no checkpoint for store forged in " + anchor(),
        required.anchor()));
    assertThat(optional.ok()).isTrue();
    assertThat(optional.anchor().checkpoints()).isZero();
  }

  @Test
  void verify_withAnchor_findsTheStoreIdRowRemoved() throws SQLException {
    appendTenCheckpointed();
    rawUpdate(DB, "DELETE FROM store_identity");

    VerifyResult anchored = verifyAnchored();

    assertThat(anchored.ok()).isFalse();
    assertThat(anchored.reason()).isEqualTo("the store id is missing: store_identity has no well-formed row"
        + " (edited outside steady?)");
  }

  @Test
  void storeId_isMadeOnce_andKeptAcrossOpens() {
    String first;
    try (Store store = openStore(DB)) {
      first = store.storeId().orElseThrow();
    }
    try (Store store = openStore(DB)) {
      assertThat(store.storeId()).contains(first);
    }
    assertThat(first).matches("[0-9a-f]{32}");
  }
}
