package dev.steady.run;

import java.time.Duration;
import java.time.Instant;

/**
 * A host held by an unfinished run: no other run may act on it until the lease is released.
 *
 * @param controller the process that took or last took over the lease; null when not recorded
 */
public record Lease(String host, String run, String user, Instant acquiredAt, Instant heartbeatAt, Controller controller) {

  /** A lease whose controller is not recorded. */
  public Lease(String host, String run, String user, Instant acquiredAt, Instant heartbeatAt) {
    this(host, run, user, acquiredAt, heartbeatAt, null);
  }

  /**
   * Whether the run was stopped cleanly and its controller no longer vouches for the lease
   * ({@link RunStorage#parkLeases}): held, but resumable at once.
   */
  public boolean parked() {
    return !heartbeatAt.isAfter(Instant.EPOCH);
  }

  /** Whether its controller provably no longer runs ({@link Controller#provablyGone()}): resume takes it over at once. */
  public boolean controllerGone() {
    return controller != null && controller.provablyGone();
  }

  /**
   * Whether the lease's controller still vouches for it at {@code now}: a heartbeat within {@code
   * ttl} (a parked lease has none) from a controller not provably gone. A resume cannot take a live
   * lease over; the store's take-over applies the same test inside its lock.
   */
  public boolean liveAt(Instant now, Duration ttl) {
    return heartbeatAt.isAfter(now.minus(ttl)) && !controllerGone();
  }
}
