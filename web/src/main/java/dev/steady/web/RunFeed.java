package dev.steady.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.run.RowCounts;
import dev.steady.run.RunInfo;
import dev.steady.run.RunRow;
import dev.steady.run.RunStorage;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live checklist behind the run page's server-sent events. Runs are usually driven by another
 * process sharing the store, so a run is followed by polling the store: one poller per followed
 * run, shared by all of its clients (fifty browsers cost one query per period, not fifty), pushing
 * only the rows that changed, and stopped as soon as no client follows the run.
 */
final class RunFeed implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HEARTBEAT = Duration.ofSeconds(2);
  private final RunStorage storage;
  private final RunActions actions;
  private final Duration period;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "steady-console-feed");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Follow> follows = new ConcurrentHashMap<>();
  private final AtomicLong polls = new AtomicLong();

  RunFeed(RunStorage storage, RunActions actions, Duration period) {
    this.storage = storage;
    this.actions = actions;
    this.period = period;
  }

  /** Adds a client to the run's feed: it gets the whole checklist now, then every change. */
  void follow(String run, SseClient client) {
    Follow f;
    Follower follower = new Follower(client);
    synchronized (follows) {
      f = follows.computeIfAbsent(run, Follow::new);
      f.clients.put(client, follower);
    }
    client.onClose(() -> leave(run, client));
    f.greet(follower);
  }

  private void leave(String run, SseClient client) {
    synchronized (follows) {
      Follow f = follows.get(run);
      if (f != null) {
        Follower gone = f.clients.remove(client);
        if (gone != null) {
          gone.stop();
        }
        dropIfUnfollowed(f);
      }
    }
  }

  /** Stops polling a run nobody follows any more. */
  private void dropIfUnfollowed(Follow f) {
    synchronized (follows) {
      if (f.clients.isEmpty() && follows.get(f.run) == f) {
        f.task.cancel(false);
        follows.remove(f.run);
      }
    }
  }

  /** Runs being followed now (for tests and the benchmark). */
  int followed() {
    return follows.size();
  }

  /** Store polls so far, all runs together (for tests and the benchmark). */
  long polls() {
    return polls.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    follows.values().forEach(f -> f.clients.values().forEach(Follower::close));
    follows.clear();
  }

  /** One followed run: its clients, the rows last seen, its polling task. */
  private final class Follow {
    final String run;
    final Map<SseClient, Follower> clients = new ConcurrentHashMap<>();
    final ScheduledFuture<?> task;
    private Map<Integer, RunRow> rows = Map.of();
    private RunInfo info;
    private Map<String, Object> sent;
    private long ticks;

    Follow(String run) {
      this.run = run;
      this.task = timer.scheduleWithFixedDelay(() -> {
        poll();
        dropIfUnfollowed(this);
      }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void greet(Follower follower) {
      if (!rows.isEmpty()) {
        follower.send("rows", json(rows.values().stream().map(RunFeed::row).toList()));
      }
      if (sent != null) {
        follower.send("run", json(sent));
      }
    }

    synchronized void poll() {
      try {
        polls.incrementAndGet();
        List<RunRow> now = storage.rows(run);
        Optional<RunInfo> header = storage.findRun(run);
        Map<Integer, RunRow> next = new LinkedHashMap<>();
        List<Map<String, Object>> changed = new ArrayList<>();
        for (RunRow r : now) {
          next.put(r.position(), r);
          if (!r.equals(rows.get(r.position()))) {
            changed.add(row(r));
          }
        }
        rows = next;
        if (!changed.isEmpty()) {
          // one event per poll, not one per row: a 200-host run writes to each browser a few times
          // a second instead of a thousand times (bench/console.sh)
          broadcast("rows", json(changed));
        }
        boolean beat = ++ticks % Math.max(1, HEARTBEAT.toMillis() / Math.max(1, period.toMillis())) == 0;
        boolean moved = header.isPresent() && !header.get().equals(info);
        if (header.isPresent()) {
          info = header.get();
        }
        // the banner's counts change with the rows; what the buttons may do changes with them, or with a
        // lease's heartbeat (checked at the heartbeat's pace, not at every poll)
        if (info != null && (moved || !changed.isEmpty() || beat || sent == null)) {
          Map<String, Object> event = run(info, now, actions);
          if (!event.equals(sent)) {
            sent = event;
            broadcast("run", json(event));
          }
        }
        if (beat) {
          clients.values().forEach(c -> c.comment("still here")); // finds clients that went away without a word
        }
        clients.values().removeIf(Follower::gone);
      } catch (RuntimeException e) {
        // the store may be briefly unavailable; the next poll tries again
      }
    }

    /** One event, serialized once, queued to every follower. */
    private void broadcast(String event, String json) {
      clients.values().forEach(c -> c.send(event, json));
    }
  }

  private static String json(Object data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a feed event", e);
    }
  }

  static Map<String, Object> row(RunRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pos", r.position());
    m.put("host", r.host());
    m.put("step", r.step());
    m.put("state", r.state().name());
    m.put("exit", r.exitStatus());
    m.put("started", Html.time(r.startedAt()));
    m.put("ended", Html.time(r.endedAt()));
    m.put("message", r.message() == null ? "" : r.message());
    return m;
  }

  /** The run event: the banner (verdict and counts) and what Resume and Stop may do now, and if not why. */
  static Map<String, Object> run(RunInfo info, List<RunRow> rows, RunActions actions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", info.state());
    m.put("allClear", info.allClear());
    m.put("banner", RunBanner.text(info));
    m.put("kind", RunBanner.kind(info));
    m.put("counts", RowCounts.of(rows).line());
    m.put("resume", actions.whyNotResume(info.id()).orElse(null));
    m.put("stop", actions.whyNotStop(info).orElse(null));
    return m;
  }
}
