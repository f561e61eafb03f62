package dev.steady.plan;

/** A file of a stored plan with its position in that host's list (apply results refer to it). */
public record PlannedFile(long seq, FileEntry file) {}
