package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts of a listing as it streams past: matched totals, exclusions by reason, skips by kind. */
final class ListingTally {

  static final String LINK = "symbolic link";
  static final String OTHER = "other file type";
  static final String UNREADABLE = "unreadable";
  static final String VANISHED = "vanished while listing";
  static final String ERROR = "walk error";
  static final int SAMPLE = 10;

  private final long[] excluded = new long[Exclusion.values().length];
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private final List<String> sample = new ArrayList<>();
  private final List<String> mountPoints = new ArrayList<>();
  private Instant clock;
  private long matchedCount;
  private long matchedBytes;
  private long oldest = Long.MAX_VALUE;
  private long newest = Long.MIN_VALUE;

  void clock(Instant now) {
    clock = now;
  }

  Instant clock() {
    return clock;
  }

  void matched(FileEntry file) {
    matchedCount++;
    matchedBytes += file.size();
    oldest = Math.min(oldest, file.mtimeNanos());
    newest = Math.max(newest, file.mtimeNanos());
  }

  void excluded(Exclusion why) {
    excluded[why.ordinal()]++;
  }

  /** Counts a skipped entry of {@code kind}; its path (raw bytes, may be null) joins the sample while there is room. */
  void skipped(String kind, byte[] path) {
    skipped.merge(kind, 1L, Long::sum);
    if (path != null) {
      sampled(FileEntry.display(path));
    }
  }

  /** A mount point inside the root that the walk met and did not enter. */
  void mountPoint(byte[] path) {
    skipped.merge(MountPoints.KIND, 1L, Long::sum);
    mountPoints.add(FileEntry.display(path));
  }

  void sampled(String displayPath) {
    if (sample.size() < SAMPLE) {
      sample.add(displayPath);
    }
  }

  /** True when find reported anything besides the clock. */
  boolean anyRecord() {
    return matchedCount > 0 || !skipped.isEmpty() || java.util.Arrays.stream(excluded).anyMatch(n -> n > 0);
  }

  Listing listing(String root, DiskSpace space) {
    return listing(root, space, new MountPoints(true, List.of()));
  }

  Listing listing(String root, DiskSpace space, MountPoints mounts) {
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (Exclusion e : Exclusion.values()) {
      if (excluded[e.ordinal()] > 0) {
        reasons.put(e.reason, excluded[e.ordinal()]);
      }
    }
    long excludedTotal = java.util.Arrays.stream(excluded).sum();
    return new Listing(root, matchedCount + excludedTotal, matchedCount, matchedBytes,
        matchedCount == 0 ? 0 : oldest, matchedCount == 0 ? 0 : newest, reasons, skipped, sample,
        space.freeBytes(), space.totalBytes(), clock, mountPoints, mounts.known());
  }
}
