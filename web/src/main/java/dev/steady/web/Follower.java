package dev.steady.web;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser following a run's live checklist. Its events are written on its own virtual thread,
 * so a stalled browser delays only itself, never the poller or the other followers; one that falls
 * too far behind is disconnected (its EventSource reconnects and gets the whole checklist again).
 */
final class Follower {

  private static final int MAX_PENDING = 2_000;
  final SseClient client;
  private final ExecutorService out = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("steady-console-sse").factory());
  private final AtomicInteger pending = new AtomicInteger();

  Follower(SseClient client) {
    this.client = client;
  }

  boolean gone() {
    return client.terminated() || out.isShutdown();
  }

  void send(String event, String json) {
    enqueue(() -> client.sendEvent(event, json));
  }

  void comment(String text) {
    enqueue(() -> client.sendComment(text));
  }

  private void enqueue(Runnable write) {
    if (gone()) {
      return;
    }
    if (pending.incrementAndGet() > MAX_PENDING) {
      close();
      return;
    }
    try {
      out.execute(() -> {
        try {
          write.run();
        } catch (RuntimeException e) {
          close();
        } finally {
          pending.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet();
    }
  }

  /** Disconnects the browser (its close callback then calls {@link #stop}). */
  void close() {
    out.shutdownNow();
    client.close();
  }

  /** Writes nothing more: the browser went away. */
  void stop() {
    out.shutdownNow();
  }
}
