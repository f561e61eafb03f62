package dev.steady.cleanup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops every host of one apply at once: the store failed, another controller took the apply's
 * leases over, or the operator pressed Ctrl-C. Each host's {@link RecordWindow} is stopped, so no
 * further record leaves for any agent; hosts not yet started do not start.
 */
final class Halt {

  private final List<RecordWindow> windows = new ArrayList<>();
  private final AtomicInteger agents = new AtomicInteger();
  private final AtomicLong recordedDeletions = new AtomicLong();
  private RuntimeException reason;

  /** Why an apply stopped that is not a store failure: the operator, or a take-over. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped(String message) {
      super(message, null, false, false);
    }
  }

  /** Stops {@code window} with the others; at once when the apply is already halted. Returns false then. */
  synchronized boolean join(RecordWindow window) {
    if (reason != null) {
      window.stop(reason);
      return false;
    }
    windows.add(window);
    agents.incrementAndGet();
    return true;
  }

  /** A host's deletions whose results were committed, added when the host ends. */
  void recorded(long deletions) {
    recordedDeletions.addAndGet(deletions);
  }

  /** Deletions of this apply whose results are in the store. */
  long recordedDeletions() {
    return recordedDeletions.get();
  }

  /** Hosts whose agent was started: each may have deleted up to {@link RecordWindow#FILES} files without a record. */
  int agents() {
    return agents.get();
  }

  /** Halts the apply; the first reason stands. */
  void stop(RuntimeException why) {
    List<RecordWindow> all;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      all = List.copyOf(windows);
    }
    all.forEach(w -> w.stop(why));
  }

  synchronized RuntimeException reason() {
    return reason;
  }

  /** The store failure that halted the apply, or null. */
  synchronized StoreFailed storeFailure() {
    return reason instanceof StoreFailed failed ? failed : null;
  }
}
