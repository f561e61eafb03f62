package dev.steady.web;

import dev.steady.failure.SteadyException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts work from a page on a background thread and waits briefly: a refusal by core (wrong token,
 * pending approval, leased hosts) comes back at once and is shown on the page; work that is still
 * going after the wait goes on and the page redirects to where its progress shows.
 */
final class Background {

  private Background() {}

  /** Empty when the work is still running after {@code waitMillis} or ended well; the refusal otherwise. */
  static Optional<SteadyException> start(ExecutorService pool, Callable<?> work, long waitMillis) {
    Future<?> f = pool.submit(work);
    try {
      f.get(waitMillis, TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException stillRunning) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SteadyException s) {
        return Optional.of(s);
      }
      throw new IllegalStateException("background work failed", e.getCause());
    }
  }

  /**
   * Starts {@code work}, which completes {@code named} with the id of what it made as soon as that
   * exists (a run's id once core created it), and waits up to {@code waitMillis} for the name. The
   * name, or empty when the work is slow to get there (the page then follows it by other means);
   * core's refusal is thrown as it came, before or after anything was made.
   */
  static <T> Optional<T> named(ExecutorService pool, Callable<?> work, CompletableFuture<T> named, long waitMillis) {
    pool.submit(() -> {
      try {
        work.call();
        named.complete(null);
      } catch (Exception | Error e) {
        named.completeExceptionally(e);
      }
      return null;
    });
    try {
      return Optional.ofNullable(named.get(waitMillis, TimeUnit.MILLISECONDS));
    } catch (TimeoutException slow) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw refusalOrFailure(e.getCause());
    }
  }

  private static RuntimeException refusalOrFailure(Throwable cause) {
    if (cause instanceof SteadyException s) {
      return s;
    }
    return new IllegalStateException("background work failed", cause);
  }
}
