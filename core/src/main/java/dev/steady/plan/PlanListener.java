package dev.steady.plan;

import dev.steady.inventory.Host;

/** Progress of planning, for front ends. */
public interface PlanListener {

  /** A listener that ignores everything. */
  PlanListener NONE = new PlanListener() {};

  /** {@code files} matched so far on {@code host} (called now and then while listing). */
  default void listing(Host host, long files) {}

  /** A host's listing is complete. */
  default void listed(HostPlan plan) {}
}
