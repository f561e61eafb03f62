package dev.steady.run;

import java.time.Instant;

/**
 * A run's header.
 *
 * @param kind restart, runbook, apply (of a cleanup plan: its spec is {@code {"plan": ID}})
 * @param state running, done, not_all_clear, interrupted, awaiting_approval (four eyes: nothing ran yet)
 * @param spec what the run does, as JSON (commands, checks, rate control), so resume needs nothing else
 */
public record RunInfo(
    String id,
    String kind,
    String state,
    boolean allClear,
    String user,
    String target,
    Instant startedAt,
    Instant endedAt,
    String spec) {

  /** The kind of a run that applies a cleanup plan. */
  public static final String APPLY = "apply";

  private static final java.util.regex.Pattern PLAN = java.util.regex.Pattern.compile("\"plan\"\\s*:\\s*\"([0-9a-f]{64})\"");

  /** The spec of an apply run of {@code planId}. */
  public static String applySpec(String planId) {
    return "{\"plan\":\"" + planId + "\"}";
  }

  /** The plan an apply run applies, or null for any other run. */
  public String plan() {
    if (!APPLY.equals(kind) || spec == null) {
      return null;
    }
    java.util.regex.Matcher m = PLAN.matcher(spec);
    return m.find() ? m.group(1) : null;
  }
}
