package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AuditLog;
import dev.steady.plan.Plan;
import org.junit.jupiter.api.Test;

/** {@link StoreCopyTest} into PostgreSQL, and back from PostgreSQL into a new SQLite file. */
class StoreCopyPostgresTest extends StoreCopyTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }

  @Test
  void copy_fromPostgresIntoANewSqliteFile_givesTheSameStore() {
    Plan plan;
    try (Store source = openStore("pg")) {
      plan = fill(source);
    }
    String to = dir.resolve("back.db").toString();

    Copied copied = Stores.copy(storeUrl("pg"), "jdbc:sqlite:" + to);

    assertThat(copied.tables()).containsEntry("plan_files", 5L);
    try (Store source = openStore("pg"); Store target = Stores.open(to)) {
      assertSame(source, target, plan);
      assertThat(new AuditLog(target, "x@y").verify().ok()).isTrue();
    }
  }
}
