package dev.steady.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Starts many hosts at once; if one fails, the ones that came up are closed again. */
final class Parallel {

  /** Starts one host per name. */
  interface Starter<H extends TestHost> {
    H start(String name) throws IOException;
  }

  private Parallel() {}

  static <H extends TestHost> List<H> startAll(List<String> names, int threads, Starter<H> starter)
      throws IOException {
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, names.size()))) {
      List<Future<H>> futures = new ArrayList<>();
      names.forEach(name -> futures.add(pool.submit(() -> starter.start(name))));
      return collect(futures);
    }
  }

  private static <H extends TestHost> List<H> collect(List<Future<H>> futures) throws IOException {
    List<H> started = new ArrayList<>();
    Throwable failure = null;
    for (Future<H> future : futures) {
      try {
        started.add(future.get());
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? e : failure;
      }
    }
    if (failure == null) {
      return started;
    }
    started.forEach(TestHost::close);
    throw asIOException(failure);
  }

  private static IOException asIOException(Throwable failure) {
    if (failure instanceof IOException e) {
      return e;
    }
    if (failure instanceof UncheckedIOException e) {
      return e.getCause();
    }
    return new IOException("a test host failed to start: " + failure, failure);
  }
}
