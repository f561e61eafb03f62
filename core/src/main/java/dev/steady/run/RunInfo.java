package dev.steady.run;

import java.time.Instant;

/**
 * A run's header.
 *
 * @param kind restart, runbook, cleanup…
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
    String spec) {}
