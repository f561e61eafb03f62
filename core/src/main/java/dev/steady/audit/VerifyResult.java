package dev.steady.audit;

/**
 * The outcome of {@code audit verify}: whether the whole chain verifies (and agrees with the
 * anchor's checkpoints, when one was consulted) and, when it does not, the first entry that does
 * not and why (one line).
 *
 * @param entries how many entries were read
 * @param firstBad sequence number of the first entry that does not verify; null when ok, and when
 *     the fault is not an entry's (the head row or the store id missing, no checkpoint required)
 * @param reason one line naming the entry (or row) and the likely tampering, null when ok
 * @param anchor what the anchor file vouched for, null when none was consulted
 */
public record VerifyResult(boolean ok, long entries, Long firstBad, String reason, AnchorFacts anchor) {

  public VerifyResult {
    if (ok != (reason == null) || ok && firstBad != null) {
      throw new IllegalArgumentException("a verify result has a reason (and maybe firstBad) exactly when not ok");
    }
  }

  /** A result without an anchor. */
  public VerifyResult(boolean ok, long entries, Long firstBad, String reason) {
    this(ok, entries, firstBad, reason, null);
  }

  static VerifyResult passed(long entries) {
    return new VerifyResult(true, entries, null, null);
  }

  static VerifyResult failed(long entries, long firstBad, String reason) {
    return new VerifyResult(false, entries, firstBad, reason);
  }

  /** The same outcome with what {@code anchor} vouched for. */
  VerifyResult withAnchor(AnchorFacts facts) {
    return new VerifyResult(ok, entries, firstBad, reason, facts);
  }
}
