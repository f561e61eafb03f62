package dev.steady.plan;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.time.Duration;
import java.util.List;

/**
 * What the operator asked to plan.
 *
 * @param target the target expression as typed
 * @param hosts the selected hosts in inventory order
 * @param root the directory to clean, the same path on every host
 * @param ttl how long the plan may be applied (default 1 h)
 * @param concurrency hosts listed at once
 */
public record PlanRequest(String target, List<Host> hosts, String root, Criteria criteria, Duration ttl, int concurrency) {

  public PlanRequest {
    hosts = List.copyOf(hosts);
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw SteadyException.badInput("--ttl must be more than zero (how long the plan may be applied), e.g. 30m, 1h");
    }
  }
}
