package dev.steady.cleanup;

import dev.steady.failure.SteadyException;
import dev.steady.plan.Criteria;
import dev.steady.transport.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one remote command that evaluates cleanup criteria with GNU find. It prints, NUL-separated,
 * first {@code T} + the host's clock (epoch seconds, the origin of every age), then one record per
 * non-directory entry in walk order: {@code B} size, 512-byte blocks allocated ({@code %b}: what
 * deleting it frees, a sparse file's is far below its size), mtime ({@code %T@}), inode, device, path
 * for a matched regular file ({@code M}, the same without blocks, is still understood); the one-byte {@link Exclusion} code of an excluded one; {@code L} + path
 * for a symbolic link (never followed: {@code -P}); {@code o} for any other type; {@code U} + path
 * for a directory it cannot read (pruned, not descended); {@code P} + path for a mount point inside
 * the root (pruned: a bind mount of the same filesystem is not stopped by {@code -xdev}).
 */
final class FindCommand {

  static final char CLOCK = 'T';
  static final char MATCHED = 'M';
  static final char MATCHED_BLOCKS = 'B';
  static final char LINK = 'L';
  static final char OTHER = 'o';
  static final char UNREADABLE = 'U';
  static final char MOUNT = 'P';

  private FindCommand() {}

  static String build(String root, Criteria criteria) {
    return build(root, criteria, List.of());
  }

  /** The command over {@code root}, pruning {@code mounts} (mount points strictly inside it). */
  static String build(String root, Criteria criteria, List<String> mounts) {
    List<String> branches = new ArrayList<>();
    if (!mounts.isEmpty()) {
      List<String> paths = mounts.stream().map(m -> "-path " + Shell.quote(MountPoints.pattern(m))).toList();
      branches.add("\\( " + String.join(" -o ", paths) + " \\) -prune -printf 'P%p\\0'");
    }
    branches.add("-type d \\( -readable -executable -o -printf 'U%p\\0' -prune \\)");
    branches.add("-type l -printf 'L%p\\0'");
    branches.add("! -type f -printf o");
    if (!criteria.excludes().isEmpty()) {
      branches.add(anyName(criteria.excludes()) + " -printf " + Exclusion.EXCLUDED.code);
    }
    if (!criteria.names().isEmpty()) {
      branches.add("! " + anyName(criteria.names()) + " -printf " + Exclusion.NOT_NAMED.code);
    }
    if (criteria.olderThan() != null) {
      branches.add("-newermt @$((now - " + seconds(criteria.olderThan(), "--older-than") + ")) -printf "
          + Exclusion.TOO_NEW.code);
    }
    if (criteria.newerThan() != null) {
      branches.add("! -newermt @$((now - " + seconds(criteria.newerThan(), "--newer-than") + ")) -printf "
          + Exclusion.TOO_OLD.code);
    }
    if (criteria.minSize() != null) {
      branches.add("-size -" + bytes(criteria.minSize(), "--min-size") + "c -printf " + Exclusion.TOO_SMALL.code);
    }
    if (criteria.maxSize() != null) {
      branches.add("-size +" + bytes(criteria.maxSize(), "--max-size") + "c -printf " + Exclusion.TOO_LARGE.code);
    }
    branches.add("-printf 'B%s\\0%b\\0%T@\\0%i\\0%D\\0%p\\0'");
    return "LC_ALL=C; export LC_ALL; now=$(date +%s) || exit 125; printf 'T%s\\0' \"$now\"; "
        + "exec find -P " + Shell.quote(root) + " -xdev" + depth(criteria.maxDepth())
        + " \\( " + String.join(" -o ", branches) + " \\)";
  }

  /** True for any file whose name matches one of {@code globs} (find's {@code -name}: the last component). */
  private static String anyName(List<String> globs) {
    List<String> tests = globs.stream().map(g -> "-name " + Shell.quote(g)).toList();
    return "\\( " + String.join(" -o ", tests) + " \\)";
  }

  private static String depth(Integer maxDepth) {
    if (maxDepth == null) {
      return "";
    }
    if (maxDepth < 1) {
      throw SteadyException.badInput("--max-depth " + maxDepth + " selects nothing; 1 means the files directly in --path");
    }
    return " -maxdepth " + maxDepth;
  }

  private static long seconds(Duration age, String option) {
    if (age.isNegative()) {
      throw SteadyException.badInput(option + " cannot be negative; pass a duration such as 14d");
    }
    return age.toSeconds();
  }

  private static long bytes(long size, String option) {
    if (size < 0) {
      throw SteadyException.badInput(option + " cannot be negative; pass a size such as 10M");
    }
    return size;
  }
}
