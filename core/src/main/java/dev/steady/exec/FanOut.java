package dev.steady.exec;

import dev.steady.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Works on many hosts at once on virtual threads, at most {@code concurrency} at a time, starting
 * them in inventory order (a serial rollout at concurrency 1 goes host by host as listed), and hands
 * each result to {@code inOrder} in inventory order.
 */
public final class FanOut {

  private FanOut() {}

  public static <T> List<T> run(List<Host> hosts, int concurrency, Function<Host, T> work, Consumer<T> inOrder) {
    InOrder<T> ordered = new InOrder<>(hosts.size(), inOrder);
    Semaphore permits = new Semaphore(concurrency);
    List<Future<T>> futures = new ArrayList<>(hosts.size());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < hosts.size(); i++) {
        int index = i;
        permits.acquireUninterruptibly(); // here, not in the task: hosts start in inventory order
        futures.add(pool.submit(() -> {
          T result;
          try {
            result = work.apply(hosts.get(index));
          } finally {
            permits.release();
          }
          ordered.complete(index, result);
          return result;
        }));
      }
    }
    return futures.stream().map(FanOut::join).toList();
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for hosts", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a host task failed unexpectedly: " + e.getCause(), e.getCause());
    }
  }
}
