package dev.steady.guard;

import dev.steady.failure.SteadyException;
import dev.steady.plan.Criteria;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules that refuse a cleanup before anything changes: protected roots, no criteria, a plan that
 * takes (nearly) everything under its root, totals far from the operator's stated expectation.
 * Each refusal is a {@link SteadyException} of kind REFUSED whose message says what to do instead.
 */
public final class Guards {

  /** Roots no cleanup may target, nor any directory above them. */
  public static final List<String> DEFAULT_PROTECTED = List.of(
      "/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/sbin", "/sys", "/usr", "/var/lib");

  /** Share of the files under a root above which a plan needs --allow-all. */
  public static final double MOST = 0.90;

  /** How far totals may be from --expect-count / --expect-bytes. */
  public static final double TOLERANCE = 0.25;

  private Guards() {}

  /** The protected roots: the defaults plus those in {@code STEADY_PROTECTED_PATHS} (colon-separated). */
  public static List<String> protectedRoots() {
    List<String> roots = new ArrayList<>(DEFAULT_PROTECTED);
    String extra = System.getenv("STEADY_PROTECTED_PATHS");
    if (extra != null && !extra.isBlank()) {
      Arrays.stream(extra.split(":")).map(String::strip).filter(s -> s.startsWith("/")).map(Guards::trimSlash).forEach(roots::add);
    }
    return roots;
  }

  /** Refuses a root that is protected, inside a protected system tree, or above a protected path. */
  public static void checkRoot(String root, List<String> protectedRoots) {
    if (root == null || !root.startsWith("/")) {
      throw SteadyException.badInput("--path must be an absolute directory, got '" + root + "'");
    }
    if (root.contains("//") || ("/" + root + "/").contains("/./") || ("/" + root + "/").contains("/../")) {
      throw SteadyException.badInput("--path " + root + " has '.', '..' or empty components; pass the plain absolute path");
    }
    String r = trimSlash(root);
    for (String p : protectedRoots) {
      boolean same = r.equals(p);
      boolean above = !r.equals("/") && p.startsWith(r + "/") || r.equals("/");
      boolean inside = !p.equals("/") && r.startsWith(p + "/");
      if (same || above || inside) {
        throw SteadyException.refused("--path " + root + " is " + (same ? "" : above ? "above " : "inside ") + "the protected path " + p
            + "; nothing was planned; point --path at the application's own directory (e.g. /srv/app/logs)"
            + " or, if this is really meant, remove it from STEADY_PROTECTED_PATHS");
      }
    }
  }

  /** Refuses criteria that select every file: the shape of the typo that empties a directory. */
  public static void checkCriteria(Criteria criteria) {
    if (criteria.selectsEverything()) {
      throw SteadyException.refused("no selection criteria: this would plan every file under --path; nothing was planned; "
          + "add --older-than, --newer-than, --min-size, --max-size or --name (to really take every file: --name '*' --allow-all)");
    }
  }

  /** Refuses, per host, a plan that takes every file or more than 90% of them, unless --allow-all. */
  public static void checkShare(String host, String root, long matched, long total, boolean allowAll) {
    if (allowAll || matched == 0 || total == 0) {
      return;
    }
    if (matched == total || matched > MOST * total) {
      String share = matched == total ? "every file" : String.format("%.0f%% of the files", 100.0 * matched / total);
      throw SteadyException.refused("the plan would delete " + share + " under " + root + " on " + host + " (" + matched + " of " + total
          + "); nothing was planned; narrow the criteria, or pass --allow-all if emptying it is really meant");
    }
  }

  /** Refuses totals off by more than 25% from what the operator said to expect. */
  public static void checkExpectation(Criteria criteria, long count, long bytes) {
    if (criteria.expectCount() != null && off(count, criteria.expectCount())) {
      throw SteadyException.refused("the plan has " + count + " files but --expect-count says " + criteria.expectCount()
          + " (more than 25% apart); nothing was planned; check the criteria for a typo, or correct the expectation");
    }
    if (criteria.expectBytes() != null && off(bytes, criteria.expectBytes())) {
      throw SteadyException.refused("the plan has " + bytes + " bytes but --expect-bytes says " + criteria.expectBytes()
          + " (more than 25% apart); nothing was planned; check the criteria for a typo, or correct the expectation");
    }
  }

  static boolean off(long actual, long expected) {
    if (expected == 0) {
      return actual != 0;
    }
    return Math.abs(actual - expected) > TOLERANCE * expected;
  }

  private static String trimSlash(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
