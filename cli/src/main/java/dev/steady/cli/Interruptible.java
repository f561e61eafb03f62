package dev.steady.cli;

import dev.steady.run.RunEngine;
import dev.steady.run.RunInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C during a run: the JVM's shutdown hook asks the engine to start no new row and waits for the
 * running rows to finish and the run's state to be stored, so the run can be resumed.
 */
final class Interruptible {

  private Interruptible() {}

  /** Prints the outcome of a run and returns the exit status. */
  interface Report {
    int print(RunInfo run) throws Exception;
  }

  /** Prints an outcome and returns the exit status. */
  interface Outcome<T> {
    int print(T outcome) throws Exception;
  }

  /** Runs {@code work}, then {@code report}; on Ctrl-C both still complete before the JVM exits. */
  static int run(RunEngine engine, Supplier<RunInfo> work, Report report) throws Exception {
    return run("no new row starts; waiting for running rows to finish (resume later with `steady resume`)", engine::stop, work,
        report::print);
  }

  /**
   * Runs {@code work}, then {@code report}; on Ctrl-C, {@code stop} asks the work to end early,
   * {@code notice} tells the operator what happens meanwhile, and both still complete before the JVM exits.
   */
  static <T> int run(String notice, Runnable stop, Supplier<T> work, Outcome<T> report) throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      System.err.println("\nsteady: stopping — " + notice);
      stop.run();
      try {
        finished.await(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "steady-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return report.print(work.get());
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running and has been released above
      }
    }
  }
}
