package dev.steady.failure;

/**
 * The store's database could not be reached (network down, server restarting): what was asked
 * was not stored, or its outcome is unknown, and it may be retried once the database is back. A
 * run pauses on it instead of failing rows (invariant 5: a transition is stored before the next
 * action, so nothing acts while it cannot be stored).
 */
public class StoreUnreachable extends RuntimeException {

  public StoreUnreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
