package dev.steady.store;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** Where a store lives, parsed from {@code --store}: a JDBC URL and its dialect. */
record StoreLocation(String jdbcUrl, Dialect dialect, String display) {

  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRES = "jdbc:postgresql:";
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final String FIX =
      "; use a file path, jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB";

  /** Resolves {@code --store}; null or blank means {@code $STEADY_STORE}, else the default. */
  static StoreLocation resolve(String urlOrPath, Map<String, String> env, Path home) {
    String spec = urlOrPath == null || urlOrPath.isBlank() ? env.get("STEADY_STORE") : urlOrPath;
    if (spec == null || spec.isBlank()) {
      return sqlite(home.resolve(".steady").resolve("steady.db"), "");
    }
    spec = spec.strip();
    if (spec.startsWith(SQLITE)) {
      return sqliteUrl(spec, home);
    }
    if (spec.startsWith(POSTGRES)) {
      return new StoreLocation(spec, Dialect.POSTGRESQL, PASSWORD.matcher(spec).replaceAll("$1***"));
    }
    if (SCHEME.matcher(spec).matches()) {
      throw SteadyException.badInput("store URL '" + PASSWORD.matcher(spec).replaceAll("$1***")
          + "' is not a database steady can use" + FIX);
    }
    return sqlite(path(spec, home), "");
  }

  private static StoreLocation sqliteUrl(String url, Path home) {
    String rest = url.substring(SQLITE.length());
    int query = rest.indexOf('?');
    String file = query < 0 ? rest : rest.substring(0, query);
    if (file.isBlank() || file.contains(":memory:") || file.startsWith("file:")) {
      throw SteadyException.badInput("store URL '" + url + "' does not name a database file"
          + "; use jdbc:sqlite:PATH with a file path");
    }
    return sqlite(path(file, home), query < 0 ? "" : rest.substring(query));
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

  private static StoreLocation sqlite(Path file, String query) {
    checkWritable(file);
    return new StoreLocation(SQLITE + file + query, Dialect.SQLITE, file.toString());
  }

  /** Refuses, as bad input, a file steady could not create or write. Creates parent dirs. */
  private static void checkWritable(Path file) {
    String fix = "; choose a writable location with --store PATH or STEADY_STORE";
    if (Files.isDirectory(file)) {
      throw SteadyException.badInput("store path " + file + " is a directory" + fix);
    }
    Path parent = file.getParent();
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
