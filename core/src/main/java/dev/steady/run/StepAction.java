package dev.steady.run;

import dev.steady.check.Check;
import java.time.Duration;

/** What one step does on a host, with every value already substituted for that host. */
public sealed interface StepAction {

  /**
   * Runs {@code command} through the host's shell, up to {@code 1 + retries} times until it exits 0;
   * then, when {@code verify} is set, retries it until it passes or {@code deadline} passes.
   *
   * @param label how messages name the command, e.g. "start" for restart
   */
  record Command(String command, Duration timeout, int retries, Check verify, Duration deadline, Duration interval, String label)
      implements StepAction {
    public Command {
      if (command == null || command.isBlank()) {
        throw new IllegalArgumentException("empty command");
      }
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
    }
  }

  /** Runs {@code check}: once (plus {@code retries}), or until it passes when {@code deadline} is set. */
  record Verify(Check check, Duration timeout, int retries, Duration deadline, Duration interval) implements StepAction {}

  /** Pauses the whole run until the operator types {@code word} after reading {@code prompt}. */
  record Gate(String prompt, String word) implements StepAction {}
}
