package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/** Invariant 6 as a property: any single-row change to a random log is found by verify. */
class AuditTamperPropertyTest {

  /** What one tampering does to one row. */
  enum Mutation { SEQ, AT, ACTOR, ACTION, HOST, RUN, DATA, PREV_HASH, HASH, DELETE }

  private static Path template;

  @Property(tries = 150)
  void anySingleRowMutation_isDetected(
      @ForAll @Size(min = 1, max = 12) List<@From("records") Map<String, Object>> records,
      @ForAll @IntRange(min = 0, max = 11) int pick,
      @ForAll Mutation mutation) {
    // jqwik has no timeout of its own: bound each try like the JUnit tests
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> tamperAndVerify(records, pick, mutation));
  }

  private static void tamperAndVerify(List<Map<String, Object>> records, int pick,
      Mutation mutation) throws IOException {
    Path dir = Files.createTempDirectory("steady-prop");
    try {
      Path db = dir.resolve("steady.db");
      Files.copy(template(), db);
      try (Store store = Stores.open(db.toString())) {
        AuditLog log = new AuditLog(store, "prop@ctl");
        records.forEach(r -> log.append((String) r.get("action"), (String) r.get("host"),
            (String) r.get("run"), castData(r.get("data"))));
        assertThat(log.verify().ok()).isTrue();
      }
      long seq = pick % records.size() + 1;
      mutate(db, seq, mutation);
      try (Store store = Stores.open(db.toString())) {
        VerifyResult result = new AuditLog(store, "check@ctl").verify();
        assertThat(result.ok()).as("%s of entry %d", mutation, seq).isFalse();
        if (mutation != Mutation.SEQ && mutation != Mutation.DELETE) {
          assertThat(result.firstBad()).isEqualTo(seq);
        } else {
          assertThat(result.firstBad()).isBetween(seq, seq + 1000);
        }
        assertThat(result.reason()).isNotBlank().doesNotContain("\n");
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void mutate(Path db, long seq, Mutation m) {
    switch (m) {
      case SEQ -> Tamper.sql(db, "UPDATE audit SET seq = seq + 1000 WHERE seq = ?", seq);
      case AT -> Tamper.sql(db,
          "UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%fZ', at, '+1 second') WHERE seq = ?",
          seq);
      case ACTOR -> Tamper.sql(db, "UPDATE audit SET actor = actor || 'x' WHERE seq = ?", seq);
      case ACTION -> Tamper.sql(db, "UPDATE audit SET action = action || 'x' WHERE seq = ?", seq);
      case HOST -> Tamper.sql(db,
          "UPDATE audit SET host = CASE WHEN host IS NULL THEN 'web-9' ELSE NULL END WHERE seq = ?",
          seq);
      case RUN -> Tamper.sql(db,
          "UPDATE audit SET run = CASE WHEN run IS NULL THEN 'r-9' ELSE run || 'x' END"
              + " WHERE seq = ?", seq);
      case DATA -> Tamper.sql(db,
          "UPDATE audit SET data = CASE WHEN data = '{}' THEN '{\"x\":1}' ELSE '{}' END"
              + " WHERE seq = ?", seq);
      case PREV_HASH -> Tamper.sql(db,
          "UPDATE audit SET prev_hash = hex(randomblob(32)) WHERE seq = ?", seq);
      case HASH -> Tamper.sql(db, "UPDATE audit SET hash = hex(randomblob(32)) WHERE seq = ?", seq);
      case DELETE -> Tamper.sql(db, "DELETE FROM audit WHERE seq = ?", seq);
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> records() {
    Arbitrary<String> action = Arbitraries.of("exec", "plan.create", "apply", "identity.check");
    Arbitrary<String> host = Arbitraries.of("web-01", "db-1", "").map(h -> h.isEmpty() ? null : h);
    Arbitrary<String> run = Arbitraries.strings().alpha().ofMaxLength(6)
        .map(r -> r.isEmpty() ? null : r);
    Arbitrary<Map<String, Object>> data = Arbitraries.maps(
        Arbitraries.strings().alpha().numeric().withChars('_', 'é').ofMaxLength(5),
        Arbitraries.oneOf(Arbitraries.integers().map(Object.class::cast),
            Arbitraries.doubles().map(Object.class::cast),
            Arbitraries.strings().withCharRange(' ', '\u2fff').ofMaxLength(8)
                .map(Object.class::cast)))
        .ofMaxSize(4);
    return Combinators.combine(action, host, run, data).as((a, h, r, d) -> {
      Map<String, Object> record = new java.util.HashMap<>();
      record.put("action", a);
      record.put("host", h);
      record.put("run", r);
      record.put("data", d);
      return record;
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> castData(Object data) {
    return (Map<String, ?>) data;
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
