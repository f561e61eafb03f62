package dev.steady.run;

import dev.steady.failure.SteadyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Host leases for work that is not a checklist run, such as an apply: the same {@code leases}
 * table and take-over rules as {@link RunEngine}'s runs, so a host is acted on by one controller at
 * a time whoever started it. A second controller is refused naming the holder; one whose controller
 * died (no heartbeat for the lease TTL) or stopped cleanly (parked) is taken over by a resume.
 */
public final class HostLeases {

  private final RunLeases leases;

  private HostLeases(RunLeases leases) {
    this.leases = leases;
  }

  /**
   * Takes {@code hosts} for a new {@code run}, all or none; REFUSED, nothing taken, naming each
   * holder (run, user) when another unfinished run holds one. {@code subject} opens the message
   * (e.g. "plan 3f9a1c2b7e41").
   */
  public static HostLeases acquire(RunStorage storage, Clock clock, String run, String user, List<String> hosts, String subject) {
    try {
      return new HostLeases(RunLeases.acquire(storage, clock, run, user, hosts, clock.instant()));
    } catch (SteadyException e) {
      throw SteadyException.refused(subject + ": " + e.getMessage().replace("nothing was started", "nothing was changed"));
    }
  }

  /**
   * Takes {@code run}'s leases over from a controller that is gone (parked, or no heartbeat for the
   * TTL) and holds {@code hosts} for it, at one instant; REFUSED, nothing changed, while its
   * controller still heartbeats: the message names it and says to run {@code resume} once that
   * controller is gone.
   */
  public static HostLeases resume(RunStorage storage, Clock clock, String run, String user, List<String> hosts, String subject,
      String resume) {
    Instant at = clock.instant(); // take-over and acquire at one instant: one fence for all the run's leases
    try {
      RunLeases.takeOver(storage, run, user, at);
    } catch (SteadyException e) {
      String who = holder(storage, run, at);
      throw SteadyException.refused(subject + " is being applied by run " + run + (who == null ? "" : ", driven by " + who)
          + "; nothing was changed; wait for it to finish, or if its controller died, `" + resume + "` takes over (at once when it"
          + " ran on this machine, else once STEADY_LEASE_TTL (" + StoreOutage.human(storage.leaseTtl()) + ") has passed after its"
          + " last heartbeat)");
    }
    return acquireAt(storage, clock, run, user, hosts, subject, at);
  }

  private static HostLeases acquireAt(RunStorage storage, Clock clock, String run, String user, List<String> hosts, String subject,
      Instant at) {
    try {
      return new HostLeases(RunLeases.acquire(storage, clock, run, user, hosts, at));
    } catch (SteadyException e) {
      throw SteadyException.refused(subject + ": " + e.getMessage().replace("nothing was started", "nothing was changed"));
    }
  }

  /**
   * Who holds {@code run}'s leases, for a message: "alice@h (heartbeat 3 s ago)", "alice@h (stopped;
   * resumable now)", "alice@h (no heartbeat for 300 s: its controller is gone)", or null when it holds none.
   */
  public static String holder(RunStorage storage, String run, Instant now) {
    return storage.leases().stream().filter(l -> l.run().equals(run)).max(Comparator.comparing(Lease::heartbeatAt)).map(l -> {
      if (l.parked()) {
        return l.user() + " (stopped; resumable now)";
      }
      long ago = Math.max(0, Duration.between(l.heartbeatAt(), now).toSeconds());
      return Duration.between(l.heartbeatAt(), now).compareTo(storage.leaseTtl()) > 0
          ? l.user() + " (no heartbeat for " + ago + " s: its controller is gone)"
          : l.user() + " (heartbeat " + ago + " s ago)";
    }).orElse(null);
  }

  /** Heartbeats until released, parked or abandoned; {@code takenOver} hears (once) that another controller took the hosts. */
  public void start(Consumer<String> takenOver) {
    leases.start(new RunListener() {
      @Override
      public void notice(String message) {
        takenOver.accept(message);
      }
    });
  }

  /** True once another controller took the leases over: act on no host any more. */
  public boolean lost() {
    return leases.lost();
  }

  /** The work ended: the hosts are free. */
  public void release() {
    leases.release();
  }

  /** The work stopped, resumable: the hosts stay held, and a resume may take them at once. */
  public void park() {
    leases.park();
  }

  /** Stops the heartbeat and leaves the leases as they are (the store is away). */
  public void abandon() {
    leases.abandon();
  }
}
