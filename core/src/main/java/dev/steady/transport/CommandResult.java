package dev.steady.transport;

import java.time.Duration;

/**
 * What a command did: its exit status (null when it ended by a signal), and its captured output.
 *
 * @param exitStatus the exit status, or null if the command was killed by a signal
 * @param exitSignal the signal name, or null
 */
public record CommandResult(Integer exitStatus, String exitSignal, Output stdout, Output stderr, Duration elapsed) {

  /** True when the command exited with status 0. */
  public boolean succeeded() {
    return exitStatus != null && exitStatus == 0;
  }
}
