package dev.steady.cleanup;

/**
 * What {@link DeleteFiles} did on one host.
 *
 * @param deleted files removed
 * @param deletedBytes their planned sizes, summed (a removed name of a file with other links frees nothing)
 * @param drifted files left alone because they were no longer the reviewed file
 * @param failed files whose check or unlink failed (e.g. permission denied)
 * @param freeBytesAfter free space of the root's filesystem afterwards, or -1 when it could not be read
 * @param freeBytesBefore free space of the root's filesystem right before the first deletion, or -1
 */
public record Outcome(long deleted, long deletedBytes, long drifted, long failed, long freeBytesAfter, long freeBytesBefore) {}
