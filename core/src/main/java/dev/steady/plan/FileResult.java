package dev.steady.plan;

/**
 * What apply did with one planned file.
 *
 * @param seq the file's position in its host's list
 * @param outcome deleted, drifted (skipped: no longer the reviewed file) or failed (the deletion itself failed)
 * @param reason why it drifted or failed; null when deleted
 */
public record FileResult(long seq, String outcome, String reason) {

  public static final String DELETED = "deleted";
  public static final String DRIFTED = "drifted";
  public static final String FAILED = "failed";
}
