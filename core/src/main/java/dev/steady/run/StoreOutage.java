package dev.steady.run;

import dev.steady.failure.StoreUnreachable;
import java.time.Duration;

/**
 * A run's writes through a store outage, invariant 5 kept: a write that finds the store unreachable
 * is retried with backoff until it is stored (the row that made it waits, so it takes no next action
 * meanwhile), no new row starts ({@link #awaitStore}), and once the outage lasted longer than the
 * store's patience every write gives up and the run stops, resumable.
 */
final class StoreOutage {

  /** A store write; {@code retry} is true when an earlier attempt may have been stored already. */
  interface Write<T> {
    T run(boolean retry);
  }

  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final Duration patience;
  private final RunListener listener;
  private volatile boolean down;
  private long downSince;
  private boolean gaveUp;

  StoreOutage(Duration patience, RunListener listener) {
    this.patience = patience;
    this.listener = listener;
  }

  /** Runs {@code write}, retrying while the store is unreachable and patience lasts. */
  <T> T write(Write<T> write) {
    long backoff = FIRST_BACKOFF_MS;
    for (boolean retry = false; ; retry = true) {
      try {
        T result = write.run(retry);
        if (down) {
          back();
        }
        return result;
      } catch (StoreUnreachable e) {
        if (!stillPatient(e)) {
          throw new StoreUnreachable("store unreachable for more than " + human(patience)
              + " (STEADY_STORE_PATIENCE): " + e.getMessage(), e);
        }
        if (!pause(backoff)) {
          throw e;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Runs {@code write} through the outage. */
  void run(Runnable write) {
    write(retry -> {
      write.run();
      return null;
    });
  }

  /** Waits while the store is unreachable; false when patience ran out (start nothing more). */
  synchronized boolean awaitStore() {
    while (down && !gaveUp) {
      try {
        wait(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !gaveUp;
  }

  synchronized boolean gaveUp() {
    return gaveUp;
  }

  private synchronized boolean stillPatient(StoreUnreachable e) {
    if (gaveUp) {
      return false;
    }
    long now = System.nanoTime();
    if (!down) {
      down = true;
      downSince = now;
      listener.notice("store unreachable, paused: " + e.getMessage() + "; no new row starts, rows already"
          + " running finish their action and their state is stored when the store is back; waiting up to "
          + human(patience) + " (STEADY_STORE_PATIENCE)");
      return true;
    }
    if (now - downSince > patience.toNanos()) {
      gaveUp = true;
      notifyAll();
      return false;
    }
    return true;
  }

  private synchronized void back() {
    if (!down) {
      return;
    }
    down = false;
    notifyAll();
    listener.notice("store reachable again after " + human(Duration.ofNanos(System.nanoTime() - downSince))
        + ": the paused row states are stored; new rows start again");
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format("%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s < 120 ? s + " s" : s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
  }
}
