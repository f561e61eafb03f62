package dev.steady.cli;

import dev.steady.audit.Checkpoints;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's checkpoints: its appends go through a log per request, so the store's head is
 * polled every {@link Checkpoints#EVERY} instead, and once more when it stops. A failure is
 * printed once, not every ten seconds.
 */
final class AnchorPoller implements AutoCloseable {

  private final Checkpoints checkpoints;
  private final PrintStream err;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("steady-checkpoints").unstarted(r));
  private String lastProblem;

  AnchorPoller(Checkpoints checkpoints, PrintStream err) {
    this.checkpoints = checkpoints;
    this.err = err;
    long every = Checkpoints.EVERY.toMillis();
    timer.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
  }

  private synchronized void poll() {
    try {
      checkpoints.poll();
      lastProblem = null;
    } catch (RuntimeException e) {
      String problem = Errors.oneLine(e.getMessage());
      if (!Objects.equals(problem, lastProblem)) {
        err.println("steady: warning: no checkpoint of the audit log was written: " + problem);
      }
      lastProblem = problem;
    }
  }

  /** Stops polling after one last checkpoint of what the console appended. */
  @Override
  public void close() {
    timer.shutdownNow();
    poll();
  }
}
