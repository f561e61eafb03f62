package dev.steady.cleanup;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ListFiles} saw on one host: the totals of the matched files (the files themselves
 * were streamed), what was left out and why, and the space on the root's filesystem.
 *
 * @param root the canonical directory that was listed
 * @param totalFiles regular files seen under the root (within --max-depth): matched plus excluded
 * @param matchedCount regular files that meet every criterion
 * @param matchedBytes their total size; a file with two names in the tree counts twice
 * @param oldestMtimeNanos oldest mtime among the matched files (0 when none)
 * @param newestMtimeNanos newest mtime among the matched files (0 when none)
 * @param excluded regular files left out, by reason, in criteria order (e.g. "newer than --older-than")
 * @param skipped entries never considered, by kind: "symbolic link", "other file type", "unreadable"
 *     (directories not descended), and when the tree changed or erred during the walk "vanished while
 *     listing", "walk error"
 * @param skippedSample the first few display paths of skipped links and unreadable directories
 * @param freeBytes free space of the root's filesystem, before deletion
 * @param fsBytes size of that filesystem
 * @param evaluatedAt the host's own clock when the walk began: every age criterion counts from it
 * @param mountPoints the mount points inside the root that the walk met and did not enter (also
 *     counted in {@code skipped} as "mount point")
 * @param mountsKnown false when the host has no {@code /proc/self/mountinfo}: a bind mount of the
 *     root's own filesystem inside the root could not be seen (find's {@code -xdev} stops only at others)
 */
public record Listing(
    String root,
    long totalFiles,
    long matchedCount,
    long matchedBytes,
    long oldestMtimeNanos,
    long newestMtimeNanos,
    Map<String, Long> excluded,
    Map<String, Long> skipped,
    List<String> skippedSample,
    long freeBytes,
    long fsBytes,
    Instant evaluatedAt,
    List<String> mountPoints,
    boolean mountsKnown) {

  public Listing {
    excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    skippedSample = List.copyOf(skippedSample);
    mountPoints = List.copyOf(mountPoints);
  }
}
