package dev.steady.store;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a store lives, parsed from {@code --store}: a JDBC URL and its dialect. Accepted: a file
 * path, {@code sqlite:PATH} or {@code jdbc:sqlite:PATH} for SQLite; {@code
 * postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB[?…]} (or {@code postgres://}) and {@code
 * jdbc:postgresql://HOST[:PORT]/DB[?user=…&password=…]} for PostgreSQL.
 */
record StoreLocation(String jdbcUrl, Dialect dialect, String display) {

  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRES = "jdbc:postgresql:";
  private static final String SQLITE_SHORT = "sqlite:";
  private static final Pattern POSTGRES_SHORT =
      Pattern.compile("(?i)^postgres(?:ql)?://(?:([^:@/?]*)(?::([^@/?]*))?@)?([^/?]*)(.*)$");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final String FIX =
      "; use a file path, sqlite:PATH, jdbc:sqlite:PATH, postgresql://HOST[:PORT]/DB?user=NAME"
          + " or jdbc:postgresql://HOST[:PORT]/DB";

  /**
   * Resolves {@code --store}; null or blank means {@code $STEADY_STORE}, else the default, whose
   * directory ({@code ~/.steady}) is created. A named SQLite file's directory must exist unless
   * {@code createDirectories} ({@code store migrate}, {@code store copy --to}): a typo in a path
   * must not quietly start an empty store somewhere new.
   */
  static StoreLocation resolve(String urlOrPath, Map<String, String> env, Path home, boolean createDirectories) {
    String spec = urlOrPath == null || urlOrPath.isBlank() ? env.get("STEADY_STORE") : urlOrPath;
    if (spec == null || spec.isBlank()) {
      return sqlite(home.resolve(".steady").resolve("steady.db"), "", Create.DIRECTORIES);
    }
    return parse(spec, home, createDirectories ? Create.DIRECTORIES : Create.FILE);
  }

  /** What may be created for a SQLite store: nothing (it must exist), the file, or its directories too. */
  private enum Create {
    NOTHING,
    FILE,
    DIRECTORIES
  }

  /**
   * An existing store to read from ({@code store copy --from}): the same forms, but a SQLite file
   * must exist and nothing is created.
   */
  static StoreLocation existing(String spec, Path home) {
    if (spec == null || spec.isBlank()) {
      throw SteadyException.badInput("no source store given" + FIX);
    }
    return parse(spec, home, Create.NOTHING);
  }

  private static StoreLocation parse(String text, Path home, Create create) {
    String spec = text.strip();
    Matcher shortPostgres = POSTGRES_SHORT.matcher(spec);
    if (shortPostgres.matches()) {
      spec = jdbcPostgres(shortPostgres);
    }
    if (spec.startsWith(SQLITE_SHORT)) {
      spec = "jdbc:" + spec;
    }
    if (spec.startsWith(SQLITE)) {
      return sqlite(sqliteFile(spec, home), sqliteQuery(spec), create);
    }
    if (spec.startsWith(POSTGRES)) {
      if (spec.equals(POSTGRES) || spec.equals(POSTGRES + "//")) {
        throw SteadyException.badInput("store URL '" + mask(spec) + "' names no server" + FIX);
      }
      return new StoreLocation(spec, Dialect.POSTGRESQL, mask(spec));
    }
    if (SCHEME.matcher(spec).matches()) {
      throw SteadyException.badInput("store URL '" + mask(spec)
          + "' is not a database steady can use" + FIX);
    }
    return sqlite(path(spec, home), "", create);
  }

  /** {@code postgresql://USER:PASSWORD@HOST/DB?…} as the driver's {@code jdbc:postgresql://HOST/DB?user=…}. */
  private static String jdbcPostgres(Matcher m) {
    StringBuilder params = new StringBuilder();
    if (m.group(1) != null && !m.group(1).isEmpty()) {
      params.append("user=").append(m.group(1));
    }
    if (m.group(2) != null) {
      params.append(params.length() == 0 ? "" : "&").append("password=").append(m.group(2));
    }
    String rest = m.group(4);
    if (params.length() > 0) {
      rest = rest.contains("?") ? rest + "&" + params : rest + "?" + params;
    }
    return POSTGRES + "//" + m.group(3) + rest;
  }

  private static String mask(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }

  private static Path sqliteFile(String url, Path home) {
    String rest = url.substring(SQLITE.length());
    int query = rest.indexOf('?');
    String file = query < 0 ? rest : rest.substring(0, query);
    if (file.isBlank() || file.contains(":memory:") || file.startsWith("file:")) {
      throw SteadyException.badInput("store URL '" + url + "' does not name a database file"
          + "; use sqlite:PATH or jdbc:sqlite:PATH with a file path");
    }
    return path(file, home);
  }

  private static String sqliteQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? "" : url.substring(query);
  }

  private static Path path(String text, Path home) {
    String expanded = text.equals("~") || text.startsWith("~/")
        ? home + text.substring(1) : text;
    try {
      return Path.of(expanded).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw SteadyException.badInput("store path '" + text + "' is not a valid path" + FIX);
    }
  }

  private static StoreLocation sqlite(Path file, String query, Create create) {
    if (create != Create.NOTHING) {
      checkWritable(file, create == Create.DIRECTORIES);
    } else if (!Files.isRegularFile(file)) {
      throw SteadyException.badInput("store " + file + " does not exist; check the path (a SQLite store is one file,"
          + " ~/.steady/steady.db by default)");
    }
    return new StoreLocation(SQLITE + file + query, Dialect.SQLITE, file.toString());
  }

  /** Refuses, as bad input, a file steady could not create or write. Creates parent dirs when told to. */
  private static void checkWritable(Path file, boolean createDirectories) {
    String fix = "; choose a writable location with --store PATH or STEADY_STORE";
    if (Files.isDirectory(file)) {
      throw SteadyException.badInput("store path " + file + " is a directory" + fix);
    }
    Path parent = file.getParent();
    if (Files.exists(parent) && !Files.isDirectory(parent)) {
      throw SteadyException.badInput("store path " + file + ": " + parent + " is not a directory" + fix);
    }
    if (!createDirectories && !Files.isDirectory(parent)) {
      throw SteadyException.badInput("store path " + file + ": directory " + parent + " does not exist; check the path, or create"
          + " the store there with `steady store migrate --store " + file + "`");
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException | SecurityException e) {
      throw SteadyException.badInput("store path " + file + ": cannot create directory "
          + parent + " (" + e.getClass().getSimpleName() + ")" + fix);
    }
    boolean writable = Files.exists(file) ? Files.isWritable(file) : Files.isWritable(parent);
    if (!writable) {
      throw SteadyException.badInput("store path " + file + " is not writable" + fix);
    }
  }
}
