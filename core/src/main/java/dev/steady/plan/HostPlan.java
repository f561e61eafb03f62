package dev.steady.plan;

import java.util.List;
import java.util.Map;

/**
 * One host's part of a cleanup plan: the totals and the review a tired engineer needs. The files
 * themselves are streamed from {@link PlanStorage}, never held here.
 *
 * @param name inventory name
 * @param root the directory the plan may delete under (canonical: no symlink component)
 * @param count files to delete
 * @param bytes their total size
 * @param totalFiles regular files seen under the root (within --max-depth)
 * @param freeBytes free space of the root's filesystem at planning
 * @param fsBytes size of that filesystem
 * @param oldestMtimeNanos oldest mtime among the files to delete (0 when none)
 * @param newestMtimeNanos newest mtime among the files to delete (0 when none)
 * @param largest the largest files to delete, largest first (at most 10)
 * @param sample the first files to delete in walk order (at most 10)
 * @param excluded regular files left out, by reason (e.g. "newer than --older-than": 812)
 * @param skipped entries never considered, by kind (e.g. "symbolic link": 3, "unreadable directory": 1)
 * @param notes guard notes for this host
 * @param allocatedBytes the disk space of the files to delete ({@code st_blocks} × 512, summed), what
 *     deleting them frees at most; -1 when unknown (plans made before steady listed it)
 */
public record HostPlan(
    String name,
    String root,
    long count,
    long bytes,
    long totalFiles,
    long freeBytes,
    long fsBytes,
    long oldestMtimeNanos,
    long newestMtimeNanos,
    List<FileEntry> largest,
    List<FileEntry> sample,
    Map<String, Long> excluded,
    Map<String, Long> skipped,
    List<String> notes,
    long allocatedBytes) {

  /** A host's plan whose allocated space is unknown. */
  public HostPlan(String name, String root, long count, long bytes, long totalFiles, long freeBytes, long fsBytes, long oldestMtimeNanos,
      long newestMtimeNanos, List<FileEntry> largest, List<FileEntry> sample, Map<String, Long> excluded, Map<String, Long> skipped,
      List<String> notes) {
    this(name, root, count, bytes, totalFiles, freeBytes, fsBytes, oldestMtimeNanos, newestMtimeNanos, largest, sample, excluded, skipped,
        notes, -1);
  }

  /** What deleting the files frees at most: their allocated bytes when known, else their size. */
  public long spaceOnDisk() {
    return allocatedBytes >= 0 ? allocatedBytes : bytes;
  }

  public HostPlan {
    largest = List.copyOf(largest);
    sample = List.copyOf(sample);
    excluded = Map.copyOf(excluded);
    skipped = Map.copyOf(skipped);
    notes = List.copyOf(notes);
  }
}
