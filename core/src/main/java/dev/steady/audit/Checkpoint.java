package dev.steady.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a checkpoint vouches for: when observed {@code at}, the audit log of store {@code store}
 * had reached entry {@code seq} with hash {@code hash}. Kept outside the store (an anchor file, a
 * ticket), it lets {@code audit verify} find a rewrite of the log up to that entry (invariant 6).
 *
 * @param store the store's id ({@link AuditStorage#storeId()})
 * @param seq the newest entry then, 0 for an empty log
 * @param hash that entry's hash ({@link AuditChain#GENESIS} for an empty log)
 * @param at when the head was observed, to the millisecond
 */
public record Checkpoint(String store, long seq, String hash, Instant at) {

  private static final Pattern STORE_ID = Pattern.compile("[0-9A-Za-z._-]{1,64}");

  public Checkpoint {
    if (!isStoreId(store)) {
      throw new IllegalArgumentException("store id '" + store + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq " + seq + " is negative");
    }
    if (!AuditHead.isHash(hash)) {
      throw new IllegalArgumentException("hash '" + hash + "' is not 64 lower-case hex digits");
    }
    at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
  }

  /** Whether {@code text} is a well-formed store id. */
  public static boolean isStoreId(String text) {
    return text != null && STORE_ID.matcher(text).matches();
  }
}
