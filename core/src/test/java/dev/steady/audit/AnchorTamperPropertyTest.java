package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.steady.store.Rewrite;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Invariant 6 against store access, as a property: after a checkpoint, any tampering with the
 * entries it covers is found by verify with the anchor, including the rewrites the chain alone
 * passes (re-hashed onward or truncated, head updated to match; everything deleted).
 */
class AnchorTamperPropertyTest {

  /** What someone with store access does to the anchored part of the log. */
  enum Tampering { REHASH_ONWARD, TRUNCATE_WITH_HEAD, DELETE_ALL_WITH_HEAD, EDIT_ONE, DELETE_ONE, DELETE_HEAD_ROW }

  private static Path template;

  @Property(tries = 100)
  void tamperingAfterACheckpoint_isAlwaysFoundWithTheAnchor(
      @ForAll @IntRange(min = 1, max = 15) int anchored,
      @ForAll @IntRange(min = 0, max = 10) int after,
      @ForAll @IntRange(min = 0, max = 100) int pick,
      @ForAll Tampering tampering) {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> tamperAndVerify(anchored, after, pick, tampering));
  }

  private static void tamperAndVerify(int anchored, int after, int pick, Tampering tampering) throws Exception {
    Path dir = Files.createTempDirectory("steady-anchor-prop");
    try {
      Path db = dir.resolve("steady.db");
      Files.copy(template(), db);
      Path anchor = dir.resolve("audit-anchor");
      try (Store store = Stores.open(db.toString())) {
        Checkpoints checkpoints = Checkpoints.open(store, new AnchorFile(anchor), dir.resolve("audit-anchor.key"));
        AuditLog log = new AuditLog(store, "alice@ctl").anchoredBy(checkpoints);
        for (int i = 0; i < anchored; i++) {
          log.append("exec", "web-0" + i % 3, "r-1", Map.of("i", i));
        }
        checkpoints.flush();
        AuditLog unanchored = new AuditLog(store, "alice@ctl");
        for (int i = 0; i < after; i++) {
          unanchored.append("exec", "web-01", "r-2", Map.of("i", i));
        }
      }
      long seq = pick % anchored + 1; // an entry the checkpoint covers
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        tamper(c, db, tampering, seq);
      }
      try (Store store = Stores.open(db.toString())) {
        VerifyResult result = new AuditLog(store, "bob@ctl").verify(new AnchorFile(anchor).read(true));
        assertThat(result.ok()).as("%s at entry %d of %d anchored", tampering, seq, anchored).isFalse();
        assertThat(result.reason()).isNotBlank().doesNotContain("\n");
        if (result.firstBad() != null) {
          assertThat(result.firstBad()).isBetween(1L, (long) anchored + after + 1);
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void tamper(Connection c, Path db, Tampering tampering, long seq) throws SQLException {
    switch (tampering) {
      case REHASH_ONWARD -> Rewrite.editAndRehashFrom(c, seq, "noop");
      case TRUNCATE_WITH_HEAD -> Rewrite.truncateTo(c, seq - 1);
      case DELETE_ALL_WITH_HEAD -> Rewrite.truncateTo(c, 0);
      case EDIT_ONE -> Tamper.sql(db, "UPDATE audit SET actor = 'mallory@ctl' WHERE seq = ?", seq);
      case DELETE_ONE -> Tamper.sql(db, "DELETE FROM audit WHERE seq = ?", seq);
      case DELETE_HEAD_ROW -> Tamper.sql(db, "DELETE FROM audit_head");
    }
  }

  /** A migrated, empty store to copy, so each try skips Flyway. */
  private static synchronized Path template() throws IOException {
    if (template == null) {
      Path dir = Files.createTempDirectory("steady-template");
      template = dir.resolve("template.db");
      Stores.open(template.toString()).close();
    }
    return template;
  }

  @AfterContainer
  static void removeTemplate() {
    if (template != null) {
      deleteTree(template.getParent());
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
