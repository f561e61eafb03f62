package dev.steady.cleanup;

/**
 * Sorts GNU find's complaints (stderr, C locale) into the listing's skipped counts: a listing with
 * an unreadable corner or a file deleted mid-walk is still a true listing of what could be seen.
 */
final class FindErrors {

  private static final String DENIED = ": Permission denied";
  private static final String VANISHED = ": No such file or directory";

  private FindErrors() {}

  /**
   * Counts each line of {@code stderr} into {@code tally}.
   *
   * @return true when there was at least one line and each was a permission error or a file
   *     vanishing while listed
   */
  static boolean count(String stderr, ListingTally tally) {
    boolean explained = !stderr.isBlank();
    for (String line : stderr.split("\n")) {
      if (line.isBlank() || line.startsWith("[steady:")) {
        continue;
      }
      if (line.endsWith(DENIED)) {
        tally.skipped(ListingTally.UNREADABLE, null);
        tally.sampled(quoted(line.substring(0, line.length() - DENIED.length())));
      } else if (line.endsWith(VANISHED)) {
        tally.skipped(ListingTally.VANISHED, null);
      } else {
        tally.skipped(ListingTally.ERROR, null);
        tally.sampled(line);
        explained = false;
      }
    }
    return explained;
  }

  /** {@code find: '/a/b'} → {@code /a/b} (display only: find shell-quotes odd names). */
  private static String quoted(String prefix) {
    String s = prefix.startsWith("find: ") ? prefix.substring(6) : prefix;
    return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
  }
}
