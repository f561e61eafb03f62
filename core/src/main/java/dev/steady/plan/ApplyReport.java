package dev.steady.plan;

import java.util.List;

/** The outcome of an apply: per host, in inventory order. */
public record ApplyReport(Plan plan, String run, List<HostApplied> hosts) {

  public ApplyReport {
    hosts = List.copyOf(hosts);
  }

  /** done when every planned file on every host was deleted; not_all_clear otherwise. */
  public String state() {
    return allClear() ? "done" : "not_all_clear";
  }

  public boolean allClear() {
    return hosts.stream().allMatch(HostApplied::clean);
  }

  public long deleted() {
    return hosts.stream().mapToLong(HostApplied::deleted).sum();
  }

  public long bytesFreed() {
    return hosts.stream().mapToLong(HostApplied::bytesFreed).sum();
  }
}
