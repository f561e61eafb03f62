package dev.steady.run;

/**
 * A fenced row transition was not stored: another controller took the run over (steady resume
 * after this one's heartbeat stopped). The host's work stops where it is, before its next action.
 */
final class TakenOver extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TakenOver(String run, String host) {
    super("run " + run + " was taken over by another controller; " + host + " is no longer this controller's", null, false, false);
  }
}
