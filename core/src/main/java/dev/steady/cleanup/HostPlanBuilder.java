package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Accumulates the review of one host while its files stream past: largest, first, oldest, newest. */
final class HostPlanBuilder {

  private static final int KEEP = 10;
  private final PriorityQueue<FileEntry> largest = new PriorityQueue<>(Comparator.comparingLong(FileEntry::size));
  private final List<FileEntry> sample = new ArrayList<>();
  private long count;
  private long bytes;
  private long allocated;
  private boolean allocatedKnown = true;
  private long oldest = Long.MAX_VALUE;
  private long newest = Long.MIN_VALUE;

  void add(FileEntry file) {
    count++;
    bytes += file.size();
    allocated += Math.max(0, file.allocated());
    allocatedKnown &= file.allocated() >= 0;
    oldest = Math.min(oldest, file.mtimeNanos());
    newest = Math.max(newest, file.mtimeNanos());
    if (sample.size() < KEEP) {
      sample.add(file);
    }
    largest.add(file);
    if (largest.size() > KEEP) {
      largest.poll();
    }
  }

  long count() {
    return count;
  }

  long bytes() {
    return bytes;
  }

  /** The files' allocated bytes, or -1 when some file's are unknown. */
  long allocated() {
    return allocatedKnown ? allocated : -1;
  }

  long oldest() {
    return count == 0 ? 0 : oldest;
  }

  long newest() {
    return count == 0 ? 0 : newest;
  }

  List<FileEntry> largest() {
    List<FileEntry> out = new ArrayList<>(largest);
    out.sort(Comparator.comparingLong(FileEntry::size).reversed());
    return out;
  }

  List<FileEntry> sample() {
    return List.copyOf(sample);
  }
}
