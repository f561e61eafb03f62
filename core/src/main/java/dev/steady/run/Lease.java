package dev.steady.run;

import java.time.Instant;

/** A host held by an unfinished run: no other run may act on it until the lease is released. */
public record Lease(String host, String run, String user, Instant acquiredAt, Instant heartbeatAt) {

  /**
   * Whether the run was stopped cleanly and its controller no longer vouches for the lease
   * ({@link RunStorage#parkLeases}): held, but resumable at once.
   */
  public boolean parked() {
    return !heartbeatAt.isAfter(Instant.EPOCH);
  }
}
