package dev.steady.store;

/**
 * The store failed while steady was using it (disk full, database gone, lock held too long): not
 * a user mistake, so front ends report it as an internal error with this message.
 */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
