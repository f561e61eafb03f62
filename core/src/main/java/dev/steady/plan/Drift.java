package dev.steady.plan;

/** A planned file that apply did not delete, and why (display path; see the plan for exact bytes). */
public record Drift(String path, String reason) {}
