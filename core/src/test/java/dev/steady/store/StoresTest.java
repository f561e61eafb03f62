package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.audit.AuditRecord;
import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class StoresTest {

  @TempDir Path dir;

  @Test
  void open_migratesANewStoreOnce_thenSkipsMigrations() throws IOException {
    Path db = Files.createDirectories(dir.resolve("a/b")).resolve("steady.db");
    try (JdbcStore store = (JdbcStore) Stores.open(db.toString())) {
      assertThat(store.migrated()).isTrue();
      assertThat(store.url()).isEqualTo(db.toString());
      store.appendAudit(record("first"));
    }
    try (JdbcStore store = (JdbcStore) Stores.open("jdbc:sqlite:" + db)) {
      assertThat(store.migrated()).isFalse();
      assertThat(store.auditTail(5, null)).singleElement()
          .satisfies(e -> assertThat(e.action()).isEqualTo("first"));
    }
  }

  @Test
  void resolve_aNamedStoreInADirectoryThatDoesNotExist_isBadInput_butTheDefaultsDirectoryIsMade() {
    Path home = dir.resolve("fresh-home");
    Path typo = dir.resolve("no-such-dir/steady.db");

    assertThatThrownBy(() -> StoreLocation.resolve(typo.toString(), Map.of(), home, false))
        .isInstanceOf(dev.steady.failure.SteadyException.class)
        .hasMessage("store path " + typo + ": directory " + typo.getParent() + " does not exist; check the path, or create the"
            + " store there with `steady store migrate --store " + typo + "`");
    assertThat(typo.getParent()).doesNotExist();
    assertThatThrownBy(() -> StoreLocation.resolve(" ", Map.of("STEADY_STORE", typo.toString()), home, false))
        .hasMessageContaining("does not exist");
    StoreLocation.resolve(null, Map.of(), home, false);
    assertThat(home.resolve(".steady")).isDirectory();
    StoreLocation.resolve(typo.toString(), Map.of(), home, true);
    assertThat(typo.getParent()).isDirectory();
  }

  @Test
  void resolve_blankUsesSteadyStore_elseTheHomeDefault() {
    Path home = dir.resolve("home");
    StoreLocation fromEnv =
        StoreLocation.resolve(" ", Map.of("STEADY_STORE", dir.resolve("env.db").toString()), home, true);
    StoreLocation fallback = StoreLocation.resolve(null, Map.of(), home, true);
    StoreLocation tilde = StoreLocation.resolve("~/x/s.db", Map.of(), home, true);
    StoreLocation postgres =
        StoreLocation.resolve("jdbc:postgresql://db/steady?user=ops&password=s3cret", Map.of(), home, true);

    assertThat(fromEnv.jdbcUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("env.db"));
    assertThat(fallback.jdbcUrl()).isEqualTo("jdbc:sqlite:" + home.resolve(".steady/steady.db"));
    assertThat(home.resolve(".steady")).isDirectory();
    assertThat(tilde.display()).isEqualTo(home.resolve("x/s.db").toString());
    assertThat(postgres.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(postgres.display()).doesNotContain("s3cret");
  }

  @Test
  void resolve_acceptsTheShortSqliteAndPostgresqlForms() {
    Path home = dir.resolve("home");
    StoreLocation sqlite = StoreLocation.resolve("sqlite:~/team.db", Map.of(), home, true);
    StoreLocation plain = StoreLocation.resolve("postgresql://db.internal:5433/steady", Map.of(), home, true);
    StoreLocation withUser = StoreLocation.resolve("postgres://ops:s%40cret@db/steady?sslmode=require", Map.of(), home, true);
    StoreLocation userOnly = StoreLocation.resolve("postgresql://ops@db/steady", Map.of(), home, true);

    assertThat(sqlite.jdbcUrl()).isEqualTo("jdbc:sqlite:" + home.resolve("team.db"));
    assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/steady");
    assertThat(withUser.jdbcUrl()).isEqualTo("jdbc:postgresql://db/steady?sslmode=require&user=ops&password=s%40cret");
    assertThat(withUser.display()).doesNotContain("s%40cret").contains("password=***");
    assertThat(userOnly.jdbcUrl()).isEqualTo("jdbc:postgresql://db/steady?user=ops");
    assertBadInput("postgresql://", "names no server");
  }

  @Test
  void existing_refusesAMissingSqliteFile_andCreatesNothing() {
    Path missing = dir.resolve("no/such/dir/steady.db");

    SteadyException e = catchThrowableOfType(SteadyException.class,
        () -> StoreLocation.existing("sqlite:" + missing, dir));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains(missing + " does not exist");
    assertThat(dir.resolve("no")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com/steady", "jdbc:mysql://db/steady",
      "jdbc:sqlite::memory:", "jdbc:sqlite:", "/proc/steady-test/steady.db"})
  void open_unusableLocation_isBadInputOnOneLine(String spec) {
    assertBadInput(spec, "store ");
  }

  @Test
  void open_underARegularFile_isBadInput() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    assertBadInput(file.resolve("steady.db").toString(), file + " is not a directory");
  }

  @Test
  void open_aDirectory_isBadInput() {
    assertBadInput(dir.toString(), "is a directory");
  }

  @Test
  void open_aFileThatIsNotADatabase_isBadInput() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.db"), "these are my notes, not a database\n"
        .repeat(200));
    assertBadInput(file.toString(), "cannot be opened");
  }

  @Test
  void leaseTtl_defaultsToFifteenSeconds_readsDurations_refusesNonsense() {
    assertThat(LeaseTtl.fromEnv(Map.of())).isEqualTo(java.time.Duration.ofSeconds(15));
    assertThat(LeaseTtl.fromEnv(Map.of("STEADY_LEASE_TTL", "90s"))).hasSeconds(90);
    assertThat(LeaseTtl.parse("5m")).hasMinutes(5);
    assertThat(LeaseTtl.parse("1h")).hasHours(1);
    assertThat(LeaseTtl.parse("45")).hasSeconds(45);
    assertThat(LeaseTtl.parse("PT3M")).hasMinutes(3);
    for (String bad : List.of("0s", "500ms", "soon", "-5s", "2 weeks")) {
      SteadyException e = catchThrowableOfType(SteadyException.class, () -> LeaseTtl.parse(bad));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
      assertThat(e.getMessage()).contains("STEADY_LEASE_TTL");
    }
  }

  @Test
  void storePatience_defaultsToFiveMinutes_readsDurations_refusesNonsense() {
    assertThat(StorePatience.fromEnv(Map.of())).hasMinutes(5);
    assertThat(StorePatience.fromEnv(Map.of("STEADY_STORE_PATIENCE", "30s"))).hasSeconds(30);
    SteadyException e = catchThrowableOfType(SteadyException.class,
        () -> StorePatience.fromEnv(Map.of("STEADY_STORE_PATIENCE", "forever")));
    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).startsWith("STEADY_STORE_PATIENCE='forever' is not how long to wait for the store;");
  }

  @Test
  void migrationList_matchesTheMigrationFolder() throws IOException, URISyntaxException {
    Path folder = Path.of(getClass().getClassLoader().getResource(Migrations.LOCATION).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      // in version order, as Flyway applies them (V10 after V9)
      assertThat(files.map(f -> f.getFileName().toString())
          .sorted(java.util.Comparator.comparingInt((String f) -> Integer.parseInt(f.substring(1, f.indexOf("__"))))))
          .containsExactlyElementsOf(Migrations.SCRIPTS);
    }
    String last = Migrations.SCRIPTS.get(Migrations.SCRIPTS.size() - 1);
    assertThat(last).startsWith("V" + Migrations.LATEST + "__");
  }

  @Test
  @Timeout(60)
  void aSqliteFileHeldByAStoppedProcess_failsAsStoreUnreachable_namingTheFileAndHowToFindTheHolder() throws Exception {
    Path file = dir.resolve("held.db");
    try (Store store = Stores.open(file.toString());
        java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE"); // what a steady stopped with Ctrl-Z inside a write holds

      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> store.appendAudit(record("held")));

      assertThat(failure).isInstanceOf(dev.steady.failure.StoreUnreachable.class)
          .hasMessage("store " + file + " stayed locked by another process for 10 s: a steady stopped with Ctrl-Z or SIGSTOP, or hung,"
              + " holds its write lock (find it with `fuser " + file + "`); try again once it has gone on or ended");
      s.execute("ROLLBACK");
      assertThat(store.appendAudit(record("released")).action()).as("the store works once the lock is given back").isEqualTo("released");
    }
  }

  @Test
  void auditTail_refusesANonPositiveLimit() {
    try (Store store = Stores.open(dir.resolve("s.db").toString())) {
      assertThatThrownBy(() -> store.auditTail(0, null))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void assertBadInput(String spec, String fragment) {
    SteadyException e = catchThrowableOfType(SteadyException.class, () -> Stores.open(spec));
    assertThat(e).as("opening %s", spec).isNotNull();
    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains(fragment).doesNotContain("\n")
        .containsAnyOf("--store", "jdbc:sqlite:PATH");
  }

  static AuditRecord record(String action) {
    return new AuditRecord(Instant.now(), "test@ctl", action, null, null, Map.of());
  }
}
