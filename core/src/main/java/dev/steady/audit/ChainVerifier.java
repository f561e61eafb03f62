package dev.steady.audit;

import dev.steady.canonical.CanonicalJson;

/**
 * Checks entries one at a time, in sequence order, keeping only the previous one: the log is
 * streamed, never loaded. Entries past the first bad one are counted, not checked.
 */
final class ChainVerifier {

  private final AuditHead head;
  private long expectedSeq = 1;
  private String prevHash = AuditChain.GENESIS;
  private long entries;
  private Long firstBad;
  private String reason;

  ChainVerifier(AuditHead head) {
    this.head = head;
  }

  void accept(AuditEntry entry) {
    entries++;
    if (firstBad == null) {
      check(entry);
      expectedSeq = entry.seq() + 1;
      prevHash = entry.hash();
    }
  }

  void unreadable(AuditRowUnreadable e) {
    fail(e.seq(), e.getMessage());
  }

  /** The result once the stream ended; {@code headAfter} is read after streaming. */
  VerifyResult finish(AuditHead headAfter) {
    long last = expectedSeq - 1;
    if (firstBad == null && last < head.seq()) {
      fail(last + 1, "log ends at " + last + " but the head says " + head.seq()
          + " (newest entries removed?)");
    }
    if (firstBad == null && last > headAfter.seq()) {
      fail(headAfter.seq() + 1, "entry " + (headAfter.seq() + 1) + ": beyond the head at "
          + headAfter.seq() + " (appended outside steady?)");
    }
    if (firstBad == null && last == headAfter.seq() && !prevHash.equals(headAfter.hash())) {
      failHeadHash(last);
    }
    return firstBad == null ? VerifyResult.passed(entries)
        : VerifyResult.failed(entries, firstBad, reason);
  }

  private void check(AuditEntry e) {
    long seq = e.seq();
    if (seq != expectedSeq) {
      fail(seq, seq > expectedSeq
          ? "entry " + seq + ": previous-hash link broken, entries " + expectedSeq + ".."
              + (seq - 1) + " missing (removed?)"
          : "entry " + seq + ": out of sequence, expected " + expectedSeq + " (renumbered?)");
      return;
    }
    boolean contentOk = contentVerifies(e);
    boolean linkOk = e.prevHash().equals(prevHash);
    if (!contentOk && !linkOk) {
      fail(seq, "entry " + seq + ": neither its hash nor its previous-hash link verifies"
          + " (reordered or replaced?)");
    } else if (!contentOk) {
      fail(seq, "entry " + seq + ": hash does not match its content (edited?)");
    } else if (!linkOk && seq > 1) {
      fail(seq - 1, "entry " + (seq - 1) + ": hash rewritten, entry " + seq
          + " links to a different one (edited and re-hashed?)");
    } else if (!linkOk) {
      fail(seq, "entry 1: previous-hash link broken, it does not start the chain"
          + " (entries removed?)");
    } else if (seq == head.seq() && !e.hash().equals(head.hash())) {
      failHeadHash(seq);
    }
  }

  private void failHeadHash(long seq) {
    fail(seq, "entry " + seq + ": hash differs from the head's (edited and re-hashed?)");
  }

  private static boolean contentVerifies(AuditEntry e) {
    try {
      return CanonicalJson.isCanonical(e.dataJson()) && AuditChain.hash(e).equals(e.hash());
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private void fail(long seq, String why) {
    if (firstBad == null) {
      firstBad = seq;
      reason = why;
    }
  }
}
