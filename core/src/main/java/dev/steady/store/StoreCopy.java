package dev.steady.store;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code steady store copy}: every row of a store into a new one (SQLite to PostgreSQL, say), the
 * audit chain byte for byte, in one transaction on the target and streamed (a plan of a million
 * files never sits in memory). The source is read in one snapshot and never written.
 */
final class StoreCopy {

  /**
   * Rows a migration creates (the audit head's genesis, the store id): replaced by the source's,
   * never data. The id is carried, not regenerated: the copy is the same log, so the checkpoints
   * anchor files hold of the source still vouch for it.
   */
  private static final Set<String> SEEDED = Set.of("audit_head", "store_identity");

  private static final int BATCH = 1000;

  private final StoreLocation from;
  private final StoreLocation to;

  StoreCopy(StoreLocation from, StoreLocation to) {
    this.from = from;
    this.to = to;
  }

  Copied run() {
    boolean newFile = to.dialect() == Dialect.SQLITE && !Files.exists(Path.of(to.display()));
    try (Connection source = open(from, "--from")) {
      checkVersion(source);
      Map<String, Long> copied;
      ConnectionPool target = new ConnectionPool(to.dialect(), to.jdbcUrl());
      try (target) {
        refuseIfOccupied(target);
        Migrations.ensureCurrent(target, to.dialect());
        copied = copyAll(source, target);
      } catch (SQLException | RuntimeException e) {
        if (newFile) {
          deleteQuietly(Path.of(to.display()));
        }
        throw e instanceof SteadyException s ? s : SteadyException.badInput("store copy to " + to.display() + " failed, nothing"
            + " was copied (" + Sql.oneLine(e) + "); check --to", e);
      }
      return new Copied(from.display(), to.display(), copied);
    } catch (SQLException e) {
      throw SteadyException.badInput("cannot read store " + from.display() + " (" + Sql.oneLine(e) + "); check --from", e);
    }
  }

  private static Connection open(StoreLocation location, String option) {
    try {
      return new ConnectionPool(location.dialect(), location.jdbcUrl()).connect();
    } catch (SQLException e) {
      throw SteadyException.badInput("cannot open store " + location.display() + " (" + Sql.oneLine(e) + "); check "
          + option, e);
    }
  }

  private void checkVersion(Connection source) throws SQLException {
    String version = SchemaVersion.read(source);
    if (version == null) {
      throw SteadyException.badInput("store " + from.display() + " is not a steady store (it has no schema history);"
          + " check --from");
    }
    int order = SchemaVersion.compare(version, Migrations.LATEST);
    if (order < 0) {
      throw SteadyException.badInput("store " + from.display() + " is at schema version " + version + ", this steady copies"
          + " version " + Migrations.LATEST + "; bring it up to date first: steady --store '" + from.display()
          + "' store migrate");
    }
    if (order > 0) {
      throw SteadyException.badInput("store " + from.display() + " was written by a newer steady (schema version " + version
          + ", this one knows " + Migrations.LATEST + "); copy it with that steady");
    }
  }

  /** REFUSED when the target holds any row of its own: a copy never merges two stores. */
  private void refuseIfOccupied(ConnectionPool target) throws SQLException {
    Connection c;
    try {
      c = target.connect();
    } catch (SQLException e) {
      throw SteadyException.badInput("cannot open store " + to.display() + " (" + Sql.oneLine(e) + "); check --to", e);
    }
    try (c) {
      Set<String> tables = Tables.names(c);
      tables.removeAll(SEEDED);
      Map<String, Long> rows = Tables.withRows(c, tables);
      if (!rows.isEmpty()) {
        throw SteadyException.refused("store " + to.display() + " already holds data (" + rows.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue() + " rows").collect(Collectors.joining(", "))
            + "); nothing was copied; copy into a new file or an empty database");
      }
    }
  }

  private Map<String, Long> copyAll(Connection source, ConnectionPool targetPool) throws SQLException {
    try (Connection target = targetPool.connect()) {
      Set<String> sourceTables = Tables.names(source);
      List<Tables.Table> tables = Tables.ordered(target);
      snapshot(source);
      Dialect dialect = to.dialect();
      dialect.beginWrite(target);
      try {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Tables.Table table : tables) {
          if (SEEDED.contains(table.name())) {
            execute(target, "DELETE FROM " + Tables.quote(table.name()));
          }
          if (sourceTables.contains(table.name())) {
            counts.put(table.name(), copyTable(source, target, table));
          }
        }
        if (dialect == Dialect.POSTGRESQL) {
          resetIdentities(target, tables);
        }
        dialect.commit(target);
        return counts;
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(target);
        throw e;
      } finally {
        source.rollback();
      }
    }
  }

  /** One read snapshot of the source for every table (and a cursor for PostgreSQL's streaming). */
  private void snapshot(Connection source) throws SQLException {
    if (from.dialect() == Dialect.POSTGRESQL) {
      source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      source.setReadOnly(true);
    }
    source.setAutoCommit(false);
  }

  private static long copyTable(Connection source, Connection target, Tables.Table table) throws SQLException {
    List<String> sourceColumns = Tables.columns(source, table.name()).stream().map(Tables.Column::name).toList();
    List<Tables.Column> columns = table.columns().stream().filter(c -> sourceColumns.contains(c.name())).toList();
    String names = columns.stream().map(c -> Tables.quote(c.name())).collect(Collectors.joining(", "));
    String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    long rows = 0;
    try (PreparedStatement read = source.prepareStatement("SELECT " + names + " FROM " + Tables.quote(table.name()));
        PreparedStatement write = target.prepareStatement(
            "INSERT INTO " + Tables.quote(table.name()) + " (" + names + ") VALUES (" + marks + ")")) {
      read.setFetchSize(Sql.FETCH);
      try (ResultSet r = read.executeQuery()) {
        while (r.next()) {
          for (int i = 0; i < columns.size(); i++) {
            transfer(r, write, i + 1, columns.get(i));
          }
          write.addBatch();
          if (++rows % BATCH == 0) {
            write.executeBatch();
          }
        }
      }
      if (rows % BATCH != 0) {
        write.executeBatch();
      }
    }
    return rows;
  }

  /** One value, read and written as the target's column type wants it (SQLite keeps booleans as 0/1). */
  private static void transfer(ResultSet r, PreparedStatement s, int i, Tables.Column column) throws SQLException {
    switch (kind(column)) {
      case BOOLEAN -> {
        boolean v = r.getBoolean(i);
        if (r.wasNull()) {
          s.setNull(i, Types.BOOLEAN);
        } else {
          s.setBoolean(i, v);
        }
      }
      case INTEGER -> {
        long v = r.getLong(i);
        if (r.wasNull()) {
          s.setNull(i, Types.BIGINT);
        } else {
          s.setLong(i, v);
        }
      }
      case BYTES -> s.setBytes(i, r.getBytes(i));
      case TEXT -> s.setString(i, r.getString(i));
      case OTHER -> s.setObject(i, r.getObject(i));
    }
  }

  private enum Kind { BOOLEAN, INTEGER, BYTES, TEXT, OTHER }

  private static Kind kind(Tables.Column c) {
    String name = c.typeName();
    if (name.startsWith("BOOL") || c.type() == Types.BOOLEAN || c.type() == Types.BIT) {
      return Kind.BOOLEAN;
    }
    if (name.contains("BLOB") || name.equals("BYTEA") || name.contains("BINARY")) {
      return Kind.BYTES; // the SQLite driver reports a BLOB column's type by its name only
    }
    return switch (c.type()) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR -> Kind.TEXT;
      default -> Kind.OTHER;
    };
  }

  /** Generated keys (a plan's key) continue after the copied ones, as they would in the source. */
  private static void resetIdentities(Connection c, List<Tables.Table> tables) throws SQLException {
    for (Tables.Table table : tables) {
      for (Tables.Column column : table.columns()) {
        String sequence;
        try (PreparedStatement s = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
          s.setString(1, table.name());
          s.setString(2, column.name());
          try (ResultSet r = s.executeQuery()) {
            sequence = r.next() ? r.getString(1) : null;
          }
        }
        if (sequence != null) {
          try (PreparedStatement s = c.prepareStatement("SELECT setval(?, COALESCE((SELECT MAX(" + Tables.quote(column.name())
              + ") FROM " + Tables.quote(table.name()) + "), 0) + 1, false)")) {
            s.setString(1, sequence);
            s.executeQuery().close();
          }
        }
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }

  private static void deleteQuietly(Path file) {
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (IOException e) {
        // best effort: the file is new and empty of data
      }
    }
  }
}
