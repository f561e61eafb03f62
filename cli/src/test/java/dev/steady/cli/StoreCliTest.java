package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditLog;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code steady store migrate} and {@code steady store copy} as a user runs them. */
@Timeout(60)
class StoreCliTest {

  @TempDir Path work;

  Path someStore() {
    return storeWithEntries("laptop.db", 3);
  }

  Path storeWithEntries(String name, int entries) {
    Path db = work.resolve(name);
    try (Store s = Stores.open(db.toString())) {
      for (int i = 0; i < entries; i++) {
        new AuditLog(s, "alice@laptop").append("test.entry", null, null, java.util.Map.of("i", i));
      }
    }
    return db;
  }

  @Test
  void help_teachesTheUrlFormsAndTheExitStatuses() {
    Cli.Result store = Cli.run("store", "--help");
    Cli.Result copy = Cli.run("store", "copy", "--help");
    Cli.Result migrate = Cli.run("store", "migrate", "--help");

    assertThat(store.status()).isZero();
    assertThat(store.out()).contains("migrate").contains("copy").contains("postgresql://");
    assertThat(copy.status()).isZero();
    assertThat(copy.out()).contains("--from").contains("--to").contains("sqlite:~/.steady/steady.db")
        .contains("3 refused: the target already holds data");
    assertThat(migrate.status()).isZero();
    assertThat(migrate.out()).contains("Running it again changes nothing");
  }

  @Test
  void migrate_printsBeforeAndAfter_andSecondRunChangesNothing() {
    Path db = work.resolve("new.db");

    Cli.Result first = Cli.run("--store", db.toString(), "store", "migrate");
    Cli.Result again = Cli.run("--store", "sqlite:" + db, "store", "migrate");

    assertThat(first.status()).as(first.toString()).isZero();
    assertThat(first.out()).matches("store .*new\\.db: schema version none \\(new store\\) -> \\d+ \\(migrated\\)\\n");
    assertThat(again.status()).isZero();
    assertThat(again.out()).matches("store .*new\\.db: schema version (\\d+) -> \\1 \\(already current\\)\\n");
  }

  @Test
  void copy_printsRowsPerTable_andTheCopyVerifies() throws Exception {
    Path from = someStore();
    Path to = work.resolve("team.db");

    Cli.Result r = Cli.run("--json", "store", "copy", "--from", "sqlite:" + from, "--to", "jdbc:sqlite:" + to);

    assertThat(r.status()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("tables").get("audit").asLong()).isEqualTo(3);
    assertThat(json.get("tables").has("runs")).isTrue();
    assertThat(r.err()).contains("TABLE").contains("audit_head").contains("copied ");
    Cli.Result verify = Cli.run("--store", to.toString(), "audit", "verify");
    assertThat(verify.status()).as(verify.toString()).isZero();
  }

  @Test
  void copy_intoAStoreWithData_isRefusedWithExitThree_andWritesNothing() throws Exception {
    Path from = someStore();
    Path to = storeWithEntries("busy.db", 2);
    byte[] before = Files.readAllBytes(to);

    Cli.Result r = Cli.run("store", "copy", "--from", from.toString(), "--to", to.toString());

    assertThat(r.status()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).startsWith("steady: store ").contains("already holds data (audit: 2 rows)").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(to)).isEqualTo(before);
  }

  @Test
  void copy_badInput_isOneLineAndExitTwo_andCreatesNothing() throws Exception {
    Path from = someStore();
    Path to = work.resolve("never.db");

    Cli.Result missing = Cli.run("store", "copy", "--from", work.resolve("nope.db").toString(), "--to", to.toString());
    Cli.Result malformed = Cli.run("store", "copy", "--from", from.toString(), "--to", "mysql://db/steady");
    Cli.Result unreachable = Cli.run("store", "copy", "--from", from.toString(), "--to",
        "postgresql://ops:hunter2@127.0.0.1:1/steady");
    Cli.Result noTo = Cli.run("store", "copy", "--from", from.toString());

    for (Cli.Result r : java.util.List.of(missing, malformed, unreachable, noTo)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).startsWith("steady: ").doesNotContain("hunter2");
    }
    assertThat(missing.err()).contains("nope.db does not exist");
    assertThat(malformed.err()).contains("'mysql://db/steady' is not a database steady can use");
    assertThat(unreachable.err()).contains("127.0.0.1:1").contains("check --to");
    assertThat(noTo.err()).contains("--to");
    assertThat(Files.exists(to)).isFalse();
  }

  @Test
  void copy_fromSqliteIntoPostgres_andTheTeamUsesIt() throws Exception {
    Path from = someStore();
    try (Postgres db = Postgres.create()) {
      String to = db.url.replaceFirst("^jdbc:", "");

      Cli.Result r = Cli.run("store", "copy", "--from", "sqlite:" + from, "--to", to);
      Cli.Result verify = Cli.run("--json", "--store", to, "audit", "verify");
      Cli.Result again = Cli.run("store", "copy", "--from", "sqlite:" + from, "--to", db.url);

      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(verify.status()).as(verify.toString()).isZero();
      assertThat(new ObjectMapper().readTree(verify.out()).get("ok").asBoolean()).isTrue();
      assertThat(again.status()).as(again.toString()).isEqualTo(3);
    }
  }
}
