package dev.steady.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The newest sequence number and hash of the log, kept apart from the entries and updated in the
 * same transaction, so that removing the newest entries is detected by {@code audit verify}.
 */
public record AuditHead(long seq, String hash) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** The head of an empty log. */
  public static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS);

  public AuditHead {
    Objects.requireNonNull(hash, "hash");
    if (seq < 0) {
      throw new IllegalArgumentException("seq " + seq + " is negative");
    }
    if (!isHash(hash)) {
      throw new IllegalArgumentException("hash '" + hash + "' is not 64 lower-case hex digits");
    }
  }

  /** Whether {@code text} looks like a hash steady writes: a lower-case hex SHA-256. */
  public static boolean isHash(String text) {
    return text != null && SHA256_HEX.matcher(text).matches();
  }
}
