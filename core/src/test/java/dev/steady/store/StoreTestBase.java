package dev.steady.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store test that runs on both databases without copying its body: the test class itself runs
 * on SQLite, and a subclass named {@code …PostgresTest} that only overrides {@link #storeKind}
 * runs every inherited test again on a PostgreSQL database of its own ({@link TestDatabases};
 * skipped when {@code STEADY_TEST_POSTGRES_URL} is not set).
 */
@ExtendWith(TestDatabases.class)
abstract class StoreTestBase {

  @TempDir Path dir;

  StoreKind storeKind() {
    return StoreKind.SQLITE;
  }

  /**
   * The {@code --store} value of the test's store {@code name}: a SQLite file of that name in the
   * temp dir, or the class's PostgreSQL database (one per test; the name is then ignored).
   */
  String storeUrl(String name) {
    return switch (storeKind()) {
      case SQLITE -> dir.resolve(name).toString();
      case POSTGRESQL -> TestDatabases.databaseOf(getClass());
    };
  }

  Store openStore(String name) {
    return Stores.open(storeUrl(name));
  }

  /** A raw JDBC connection to store {@code name}, to look or tamper behind steady's back. */
  Connection rawConnection(String name) throws SQLException {
    return switch (storeKind()) {
      case SQLITE -> DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
      case POSTGRESQL -> DriverManager.getConnection(TestDatabases.databaseOf(getClass()));
    };
  }

  /** Runs one statement on store {@code name} behind steady's back. */
  int rawUpdate(String name, String sql, Object... args) throws SQLException {
    try (Connection c = rawConnection(name); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }
}
