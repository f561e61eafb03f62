package dev.steady.audit;

import java.util.Objects;

/**
 * The newest sequence number and hash of the log, kept apart from the entries and updated in the
 * same transaction, so that removing the newest entries is detected by {@code audit verify}.
 */
public record AuditHead(long seq, String hash) {

  /** The head of an empty log. */
  public static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS);

  public AuditHead {
    Objects.requireNonNull(hash, "hash");
  }
}
