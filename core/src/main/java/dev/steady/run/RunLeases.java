package dev.steady.run;

import dev.steady.failure.SteadyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host leases this controller holds for one run: taken all or none and recorded with this
 * process ({@link Controller}), kept alive by a fenced heartbeat every {@link RunStorage#leaseTtl()}/5
 * while the run executes, then released (the run ended) or parked (the run stopped, resumable at
 * once). When a heartbeat refreshes fewer leases than were taken, or a row transition fenced by
 * {@link #epoch()} is not stored, another controller took the run over: {@link #lost()} turns true
 * and the engine starts no new row. Safety never rests on the heartbeat being on time: a late one
 * only lets another controller take over, and the fence then keeps this one from acting.
 */
final class RunLeases {

  /** Heartbeats that failed may still have been stored: their times stay valid fences, a few. */
  private static final int UNCONFIRMED = 16;
  /** Beats per TTL: one or two slow or failed beats still leave the lease alive. */
  private static final int BEATS_PER_TTL = 5;

  private final RunStorage storage;
  private final Clock clock;
  private final String run;
  private final int held;
  private final Instant epoch;
  private final Deque<Instant> unconfirmed = new ArrayDeque<>();
  private Instant previous;
  private final Object wake = new Object();
  private volatile boolean lost;
  private final AtomicBoolean told = new AtomicBoolean();
  private boolean stopped;
  private Thread beating;

  private RunLeases(RunStorage storage, Clock clock, String run, int held, Instant at) {
    this.storage = storage;
    this.clock = clock;
    this.run = run;
    this.held = held;
    this.previous = at;
    this.epoch = at;
  }

  /** The instant this controller acquired or took over the leases: the fence of its row transitions. */
  Instant epoch() {
    return epoch;
  }


  /**
   * Takes {@code hosts} for {@code run} at {@code at}, all or none; REFUSED naming each holder's run
   * and user. Every lease the run then holds is this controller's to heartbeat: on resume that
   * includes the hosts whose rows are done, taken over at the same {@code at}.
   */
  static RunLeases acquire(RunStorage storage, Clock clock, String run, String user, List<String> hosts, Instant at) {
    List<Lease> taken = storage.acquireLeases(run, user, Controller.current(), hosts, at);
    if (!taken.isEmpty()) {
      throw refusedBy(storage, taken);
    }
    int held = (int) storage.leases().stream().filter(l -> l.run().equals(run)).count();
    return new RunLeases(storage, clock, run, held, at);
  }

  /**
   * {@code steady resume}'s take-over of {@code run}'s leases from a controller that is gone: its
   * last heartbeat is older than the TTL, or it ran on this machine and its process is gone ({@link
   * Lease#controllerGone()}), which needs no wait. REFUSED, changing nothing, while one of them is
   * still alive. Returns the lease holder it took over from when its controller had died (not
   * parked), for the audit log, else null.
   */
  static Lease takeOver(RunStorage storage, String run, String user, Instant now) {
    List<Lease> before = storage.leases().stream().filter(l -> l.run().equals(run)).toList();
    List<Lease> live = storage.takeOverLeases(run, user, Controller.current(), now, Lease::controllerGone);
    if (!live.isEmpty()) {
      throw SteadyException.refused(stillDriven(storage, run, live, now));
    }
    return before.stream().filter(l -> !l.parked())
        .max(Comparator.comparing(Lease::heartbeatAt)).orElse(null);
  }

  /**
   * Why {@code run} cannot be taken over at {@code now}, or empty when it can: a controller still
   * vouches for one of its leases ({@link Lease#liveAt}). The reason {@link #takeOver} refuses with.
   */
  static java.util.Optional<String> drivenElsewhere(RunStorage storage, String run, Instant now) {
    List<Lease> live = storage.leases().stream().filter(l -> l.run().equals(run) && l.liveAt(now, storage.leaseTtl())).toList();
    return live.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(stillDriven(storage, run, live, now));
  }

  private static String stillDriven(RunStorage storage, String run, List<Lease> live, Instant now) {
    Lease last = live.stream().max(Comparator.comparing(Lease::heartbeatAt)).orElseThrow();
    long ago = Math.max(0, Duration.between(last.heartbeatAt(), now).toSeconds());
    String process = last.controller() == null ? "" : " (" + last.controller().describe() + ")";
    return "run " + run + " is still driven by " + last.user() + process + ", heartbeat " + ago
        + " s ago; wait for it or for STEADY_LEASE_TTL (" + StoreOutage.human(storage.leaseTtl())
        + ") to pass after its last heartbeat, then `steady resume " + run + "` again; nothing was changed";
  }

  /**
   * Heartbeats until {@link #release} or {@link #park}, at a fixed rate (a slow beat does not push
   * the next one back), on a platform thread of its own: no busy virtual-thread scheduler delays it.
   */
  synchronized void start(RunListener listener) {
    if (held == 0 || beating != null) {
      return;
    }
    long every = Math.max(100, storage.leaseTtl().toMillis() / BEATS_PER_TTL);
    beating = Thread.ofPlatform().daemon().name("steady-heartbeat-" + run).start(() -> {
      long next = System.nanoTime();
      while (!lost) {
        next = Math.max(next + every * 1_000_000, System.nanoTime()); // a late beat is not followed by a burst
        if (!sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000))) {
          return;
        }
        beat(listener);
      }
    });
  }

  boolean lost() {
    return lost;
  }

  /** The run ended: its hosts are free. */
  void release() {
    stop();
    if (!lost) {
      storage.releaseLeases(run);
    }
  }

  /** The run stopped, resumable: its hosts stay held, and `steady resume` may take them at once. */
  void park() {
    stop();
    if (!lost) {
      storage.parkLeases(run, previous());
    }
  }

  /** Stops the heartbeat and leaves the leases as they are (the store is away, or an error). */
  void abandon() {
    stop();
  }

  private synchronized Instant previous() {
    return previous;
  }

  /** Waits {@code millis} unless stopped meanwhile; false when stopped. */
  private boolean sleep(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    synchronized (wake) {
      for (long left = millis; !stopped && left > 0; left = (until - System.nanoTime()) / 1_000_000) {
        try {
          wake.wait(left);
        } catch (InterruptedException e) {
          return false;
        }
      }
      return !stopped;
    }
  }

  /** Stops the heartbeat, never in the middle of one (an interrupted JDBC call loses its connection). */
  private void stop() {
    Thread thread;
    synchronized (this) {
      thread = beating;
      beating = null;
    }
    synchronized (wake) {
      stopped = true;
      wake.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void beat(RunListener listener) {
    Instant now = clock.instant();
    synchronized (this) {
      try {
        int refreshed = storage.heartbeat(run, previous, now);
        for (Instant maybe : new ArrayList<>(unconfirmed)) {
          if (refreshed >= held) {
            break;
          }
          refreshed += storage.heartbeat(run, maybe, now);
        }
        unconfirmed.clear();
        if (refreshed >= held) {
          previous = now;
          return;
        }
      } catch (RuntimeException e) {
        // The store may be away (the engine pauses on its own writes); this beat may even have been
        // stored, so its time stays a valid fence for the next one.
        unconfirmed.addFirst(now);
        while (unconfirmed.size() > UNCONFIRMED) {
          unconfirmed.removeLast();
        }
        return;
      }
    }
    takenOver(listener);
  }

  /** A heartbeat refreshed fewer leases than held, or a fenced row transition was refused: the run is another controller's. */
  void takenOver(RunListener listener) {
    lost = true;
    if (!told.compareAndSet(false, true)) {
      return;
    }
    listener.notice("run " + run + " was taken over by " + holder() + ": this controller starts no new row and stores"
        + " no further state; the run goes on under its new controller");
  }

  private String holder() {
    try {
      return storage.leases().stream().filter(l -> l.run().equals(run)).map(Lease::user).findFirst()
          .orElse("another controller (its leases were released)");
    } catch (RuntimeException e) {
      return "another controller";
    }
  }

  private static SteadyException refusedBy(RunStorage storage, List<Lease> held) {
    Map<String, List<String>> byRun = new LinkedHashMap<>();
    Map<String, String> who = new LinkedHashMap<>();
    for (Lease l : held) {
      byRun.computeIfAbsent(l.run(), r -> new ArrayList<>()).add(l.host());
      who.put(l.run(), l.user());
    }
    StringBuilder b = new StringBuilder();
    byRun.forEach((r, h) -> b.append(b.length() == 0 ? "" : "; ").append(String.join(", ", h)).append(" held by run ").append(r)
        .append(" (started by ").append(who.get(r)).append(")"));
    return SteadyException.refused(b + "; nothing was started; wait for that run, or continue it with `"
        + continueCommand(storage, byRun.keySet().iterator().next()) + "`");
  }

  /** How an operator continues {@code run}: an apply's run is continued by applying its plan again, with --resume. */
  private static String continueCommand(RunStorage storage, String run) {
    try {
      return storage.findRun(run).map(RunInfo::plan).map(plan -> "steady apply " + plan.substring(0, 12) + " --resume")
          .orElse("steady resume " + run);
    } catch (RuntimeException e) {
      return "steady resume " + run;
    }
  }
}
