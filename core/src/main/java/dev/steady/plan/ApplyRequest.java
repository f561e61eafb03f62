package dev.steady.plan;

/**
 * An apply as the operator asked for it.
 *
 * @param plan a plan id or an unambiguous prefix of it
 * @param typedToken the confirmation token the operator typed or passed
 * @param resume continue an apply that was interrupted (the plan is in state applying)
 * @param concurrency hosts worked on at once
 */
public record ApplyRequest(String plan, String typedToken, boolean resume, int concurrency) {}
