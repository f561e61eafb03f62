package dev.steady.cleanup;

/**
 * The store failed during an apply (disk full, database gone): the results that followed cannot be
 * recorded, so no further file may be sent for deletion (invariant 5).
 */
final class StoreFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StoreFailed(RuntimeException cause) {
    super(reason(cause), cause, false, false);
  }

  /** The store's own message, one line. */
  private static String reason(RuntimeException cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }
}
