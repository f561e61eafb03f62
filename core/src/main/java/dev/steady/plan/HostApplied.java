package dev.steady.plan;

import java.util.List;

/**
 * What apply did on one host.
 *
 * @param state done (every planned file deleted), drifted (some skipped or failed), interrupted
 *     (the connection dropped mid-way: resumable), refused (identity), unreachable
 * @param drifted the first drifted files (at most 1000; {@code driftedCount} has the total)
 * @param failed the first files whose deletion failed (at most 1000)
 * @param freeBytesAfter free space after apply, or -1 when unknown
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
    String message) {

  public HostApplied {
    drifted = List.copyOf(drifted);
    failed = List.copyOf(failed);
  }

  /** True when every planned file of this host was deleted. */
  public boolean clean() {
    return "done".equals(state);
  }
}
