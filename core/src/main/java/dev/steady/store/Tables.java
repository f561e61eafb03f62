package dev.steady.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of a steady database as its metadata describes them, so a copy needs no list of its
 * own: every table a migration adds is copied too. Parents come before the tables whose foreign
 * keys point at them.
 */
final class Tables {

  /** Not steady's data: the migration history (the target has its own) and SQLite's bookkeeping. */
  static boolean internal(String table) {
    String t = table.toLowerCase(Locale.ROOT);
    return t.equals("flyway_schema_history") || t.startsWith("sqlite_");
  }

  record Column(String name, int type, String typeName) {}

  record Table(String name, List<Column> columns) {}

  private Tables() {}

  /** Every steady table of {@code c}, parents first, then by name. */
  static List<Table> ordered(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = c.getSchema();
    Map<String, Set<String>> parents = new TreeMap<>();
    for (String table : names(c)) {
      Set<String> of = new TreeSet<>();
      try (ResultSet r = meta.getImportedKeys(null, schema, table)) {
        while (r.next()) {
          String parent = r.getString("PKTABLE_NAME");
          if (!parent.equalsIgnoreCase(table)) {
            of.add(parent.toLowerCase(Locale.ROOT));
          }
        }
      }
      parents.put(table, of);
    }
    List<Table> order = new ArrayList<>();
    Set<String> placed = new TreeSet<>();
    while (placed.size() < parents.size()) {
      String next = parents.entrySet().stream()
          .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
          .map(Map.Entry::getKey).findFirst()
          .orElseThrow(() -> new SQLException("the foreign keys between tables form a cycle"));
      placed.add(next);
      order.add(new Table(next, columns(c, next)));
    }
    return order;
  }

  /** The names of the steady tables of {@code c}, lower case. */
  static Set<String> names(Connection c) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (ResultSet r = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
      while (r.next()) {
        String name = r.getString("TABLE_NAME");
        if (!internal(name)) {
          names.add(name.toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  static List<Column> columns(Connection c, String table) throws SQLException {
    Map<Integer, Column> byPosition = new TreeMap<>();
    try (ResultSet r = c.getMetaData().getColumns(null, c.getSchema(), table, "%")) {
      while (r.next()) {
        byPosition.put(r.getInt("ORDINAL_POSITION"), new Column(r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
            r.getInt("DATA_TYPE"), String.valueOf(r.getString("TYPE_NAME")).toUpperCase(Locale.ROOT)));
      }
    }
    return List.copyOf(byPosition.values());
  }

  /** Rows per table among {@code tables} that hold any, counted only when there is one. */
  static Map<String, Long> withRows(Connection c, Set<String> tables) throws SQLException {
    Map<String, Long> found = new LinkedHashMap<>();
    for (String table : tables) {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + quote(table));
          ResultSet r = s.executeQuery()) {
        long n = r.next() ? r.getLong(1) : 0;
        if (n > 0) {
          found.put(table, n);
        }
      }
    }
    return found;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
