package dev.steady.plan;

import java.util.List;

/**
 * What apply did on one host.
 *
 * @param state done (every planned file deleted), drifted (some skipped or failed), interrupted
 *     (the connection dropped mid-way: resumable), refused (identity), unreachable
 * @param drifted the first drifted files (at most 1000; {@code driftedCount} has the total)
 * @param failed the first files whose deletion failed (at most 1000)
 * @param bytesFreed the planned (apparent) sizes of the files deleted, summed
 * @param freeBytesAfter free space after apply, or -1 when unknown
 * @param spaceFreed the disk space the deleted files took ({@code st_blocks} × 512 at planning; their
 *     size where the plan does not know it): what their deletion frees, unless a process still holds
 *     a file open or the file has other names
 * @param freeBytesBefore free space right before the first deletion, or -1 when unknown
 */
public record HostApplied(
    String name,
    String state,
    long deleted,
    long bytesFreed,
    List<Drift> drifted,
    long driftedCount,
    List<Drift> failed,
    long failedCount,
    long freeBytesAfter,
    String message,
    long spaceFreed,
    long freeBytesBefore) {

  /** A host's result without measured space (nothing was deleted there, or it was not measured). */
  public HostApplied(String name, String state, long deleted, long bytesFreed, List<Drift> drifted, long driftedCount, List<Drift> failed,
      long failedCount, long freeBytesAfter, String message) {
    this(name, state, deleted, bytesFreed, drifted, driftedCount, failed, failedCount, freeBytesAfter, message, bytesFreed, -1);
  }

  /** A gap at least this large between the space freed and the growth of free space is worth a word. */
  public static final long HELD_OPEN_MIN = 1L << 20;

  /**
   * How much less free space grew than the deleted files took, when that is worth a word (at least
   * {@link #HELD_OPEN_MIN} and more than half of what was freed): typically a process still holds a
   * deleted file open, so its space is not free until that process closes it or ends
   * ({@code lsof +L1} names them). 0 when free space grew as expected or could not be measured.
   */
  public long spaceNotReleased() {
    if (freeBytesBefore < 0 || freeBytesAfter < 0 || spaceFreed <= 0) {
      return 0;
    }
    long gap = spaceFreed - Math.max(0, freeBytesAfter - freeBytesBefore);
    return gap >= HELD_OPEN_MIN && gap * 2 > spaceFreed ? gap : 0;
  }

  /**
   * The word for a host whose free space grew less than its deleted files took, the same on the
   * terminal and in the console: "free space grew by X, less than the Y freed: files still open by a
   * process keep their space — check with `lsof +L1` on HOST"; empty when there is nothing to say.
   */
  public String spaceNote() {
    if (spaceNotReleased() == 0) {
      return "";
    }
    return "free space grew by " + Bytes.human(Math.max(0, freeBytesAfter - freeBytesBefore)) + ", less than the "
        + Bytes.human(spaceFreed) + " freed: files still open by a process keep their space — check with `lsof +L1` on " + name;
  }

  public HostApplied {
    drifted = List.copyOf(drifted);
    failed = List.copyOf(failed);
  }

  /** True when every planned file of this host was deleted. */
  public boolean clean() {
    return "done".equals(state);
  }
}
