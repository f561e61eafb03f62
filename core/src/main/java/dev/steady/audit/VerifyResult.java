package dev.steady.audit;

/**
 * The outcome of {@code audit verify}: whether the whole chain verifies and, when it does not, the
 * first entry that does not and why (one line).
 *
 * @param entries how many entries were read
 * @param firstBad sequence number of the first entry that does not verify, null when ok
 * @param reason one line naming the entry and the likely tampering, null when ok
 */
public record VerifyResult(boolean ok, long entries, Long firstBad, String reason) {

  public VerifyResult {
    if (ok != (firstBad == null) || ok != (reason == null)) {
      throw new IllegalArgumentException("a verify result has firstBad and reason exactly when not ok");
    }
  }

  static VerifyResult passed(long entries) {
    return new VerifyResult(true, entries, null, null);
  }

  static VerifyResult failed(long entries, long firstBad, String reason) {
    return new VerifyResult(false, entries, firstBad, reason);
  }
}
