package dev.steady.audit;

/**
 * Thrown by a store when the head of the audit log cannot be read as steady wrote it: the head row
 * missing or malformed, or the store id it belongs to gone (edited behind steady's back). {@link
 * AuditLog#verify()} reports it as a failed verification; no entry can be appended meanwhile.
 */
public class AuditHeadUnreadable extends RuntimeException {

  /** @param problem one line: what is missing or malformed, and where */
  public AuditHeadUnreadable(String problem) {
    super(problem);
  }

  /** The store id the head belongs to is gone. */
  static AuditHeadUnreadable noStoreId() {
    return new AuditHeadUnreadable("the store id is missing: store_identity has no well-formed row (edited outside steady?)");
  }
}
