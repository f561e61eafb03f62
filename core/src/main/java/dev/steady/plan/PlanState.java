package dev.steady.plan;

import java.time.Instant;

/**
 * Where a plan is in its single life: planned, applying (claimed by a run) or applied.
 *
 * @param run the run that claimed it, or null
 * @param changedAt when it last changed state
 */
public record PlanState(String state, String run, Instant changedAt) {
  public static final String PLANNED = "planned";
  public static final String APPLYING = "applying";
  public static final String APPLIED = "applied";
}
