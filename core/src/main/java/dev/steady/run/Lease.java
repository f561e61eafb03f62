package dev.steady.run;

import java.time.Instant;

/** A host held by an unfinished run: no other run may act on it until the lease is released. */
public record Lease(String host, String run, String user, Instant acquiredAt, Instant heartbeatAt) {}
