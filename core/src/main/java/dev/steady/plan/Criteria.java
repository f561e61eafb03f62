package dev.steady.plan;

import dev.steady.failure.SteadyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the operator asked to delete, as typed: evaluated once, on the remote hosts, at planning;
 * never re-evaluated at apply (invariant 4). Null fields are not set.
 *
 * @param olderThan only files whose mtime is at least this old
 * @param newerThan only files whose mtime is younger than this
 * @param minSize only files of at least this many bytes
 * @param maxSize only files of at most this many bytes
 * @param names only files whose name matches one of these globs (empty: any name)
 * @param excludes never files whose name matches one of these globs
 * @param maxDepth descend at most this many levels below the root (1 = the root's own files)
 * @param expectCount the operator's expected file count (a guard compares within 25%)
 * @param expectBytes the operator's expected bytes (a guard compares within 25%)
 * @param requireBackup a directory that must hold a copy of equal size of each file
 * @param verifyChecksum with requireBackup, also compare SHA-256
 * @param allowAll let a plan take every file (or more than 90%) under the root
 */
public record Criteria(
    Duration olderThan,
    Duration newerThan,
    Long minSize,
    Long maxSize,
    List<String> names,
    List<String> excludes,
    Integer maxDepth,
    Long expectCount,
    Long expectBytes,
    String requireBackup,
    boolean verifyChecksum,
    boolean allowAll) {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  /** Bad input (nothing planned) for a checksum without a backup to compare with. */
  public Criteria {
    names = List.copyOf(names == null ? List.of() : names);
    excludes = List.copyOf(excludes == null ? List.of() : excludes);
    if (verifyChecksum && requireBackup == null) {
      throw SteadyException.badInput("--verify-checksum needs --require-backup DIR");
    }
  }

  /**
   * The criteria as people type them, in the order of {@code steady cleanup plan --help}: e.g.
   * {@code --newer-than 14d --min-size 10M --name '*.log'}, quoted for a POSIX shell where needed,
   * so a review (terminal or console) reads like the command that made it. Empty when none is set.
   */
  public String asTyped() {
    List<String> words = new ArrayList<>();
    option(words, "--older-than", olderThan == null ? null : Amounts.duration(olderThan));
    option(words, "--newer-than", newerThan == null ? null : Amounts.duration(newerThan));
    option(words, "--min-size", minSize == null ? null : Amounts.size(minSize));
    option(words, "--max-size", maxSize == null ? null : Amounts.size(maxSize));
    names.forEach(n -> option(words, "--name", n));
    excludes.forEach(e -> option(words, "--exclude", e));
    option(words, "--max-depth", maxDepth == null ? null : maxDepth.toString());
    option(words, "--expect-count", expectCount == null ? null : expectCount.toString());
    option(words, "--expect-bytes", expectBytes == null ? null : Amounts.size(expectBytes));
    option(words, "--require-backup", requireBackup);
    if (verifyChecksum) {
      words.add("--verify-checksum");
    }
    if (allowAll) {
      words.add("--allow-all");
    }
    return String.join(" ", words);
  }

  private static void option(List<String> words, String name, String value) {
    if (value != null) {
      words.add(name);
      words.add(quoted(value));
    }
  }

  /** A word as a POSIX shell reads it back: bare when plain, else in single quotes. */
  static String quoted(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** True when no criterion narrows the selection: such a plan is refused (a typo's favourite shape). */
  public boolean selectsEverything() {
    return olderThan == null && newerThan == null && minSize == null && maxSize == null && names.isEmpty();
  }

  /** The criteria as canonical-JSON-ready values (durations in seconds), unset ones left out. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "older_than_s", olderThan == null ? null : olderThan.toSeconds());
    put(m, "newer_than_s", newerThan == null ? null : newerThan.toSeconds());
    put(m, "min_size", minSize);
    put(m, "max_size", maxSize);
    if (!names.isEmpty()) {
      m.put("name", names);
    }
    if (!excludes.isEmpty()) {
      m.put("exclude", excludes);
    }
    put(m, "max_depth", maxDepth);
    put(m, "expect_count", expectCount);
    put(m, "expect_bytes", expectBytes);
    put(m, "require_backup", requireBackup);
    if (verifyChecksum) {
      m.put("verify_checksum", true);
    }
    if (allowAll) {
      m.put("allow_all", true);
    }
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
