package dev.steady.plan;

/**
 * What apply did with one host's planned files so far, across every resume: the files deleted and
 * their planned sizes, and the files left alone.
 *
 * @param deletedBytes the planned (apparent) sizes of the deleted files, summed
 * @param deletedAllocated the disk space the deleted files took (their size where it is unknown)
 * @param drifted files skipped because they were no longer the reviewed file
 * @param failed files whose check or unlink failed
 */
public record ResultTally(long deleted, long deletedBytes, long deletedAllocated, long drifted, long failed) {

  public static final ResultTally NONE = new ResultTally(0, 0, 0, 0, 0);

  /** Files with a result. */
  public long handled() {
    return deleted + drifted + failed;
  }
}
