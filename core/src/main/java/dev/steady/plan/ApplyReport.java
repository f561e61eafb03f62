package dev.steady.plan;

import java.util.List;

/**
 * The outcome of an apply: per host, in inventory order.
 *
 * @param stopped why the whole apply stopped early, one line ending with what to do (the store
 *     failed: how many deletions are recorded and how many at most are not), or null when it ran to
 *     its end
 */
public record ApplyReport(Plan plan, String run, List<HostApplied> hosts, String stopped) {

  public ApplyReport {
    hosts = List.copyOf(hosts);
  }

  public ApplyReport(Plan plan, String run, List<HostApplied> hosts) {
    this(plan, run, hosts, null);
  }

  /** done when every planned file on every host was deleted; not_all_clear otherwise. */
  public String state() {
    return allClear() ? "done" : "not_all_clear";
  }

  public boolean allClear() {
    return stopped == null && hosts.stream().allMatch(HostApplied::clean);
  }

  public long deleted() {
    return hosts.stream().mapToLong(HostApplied::deleted).sum();
  }

  public long bytesFreed() {
    return hosts.stream().mapToLong(HostApplied::bytesFreed).sum();
  }

  /** The disk space the deleted files took, on every host. */
  public long spaceFreed() {
    return hosts.stream().mapToLong(HostApplied::spaceFreed).sum();
  }
}
