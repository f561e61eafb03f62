package dev.steady.audit;

/**
 * One {@code audit verify}: the chain, its head and, when an anchor file is given, its checkpoints
 * of this store, in one streamed pass over the log. The first fault wins, in this order: an
 * unreadable head, a broken chain, a missing store id, a contradicted checkpoint, no checkpoint
 * where one is required.
 */
final class Verification {

  private final AuditStorage storage;
  private final Anchors anchors;
  private String problem;

  private Verification(AuditStorage storage, Anchors anchors) {
    this.storage = storage;
    this.anchors = anchors;
  }

  /** @param anchors the checkpoints to hold the log to, or null for the chain alone */
  static VerifyResult run(AuditStorage storage, Anchors anchors) {
    return new Verification(storage, anchors).run();
  }

  private VerifyResult run() {
    AuditHead head = head(AuditHead.EMPTY);
    String store = anchors == null ? null : storage.storeId().orElse(null);
    ChainVerifier chain = new ChainVerifier(head);
    AnchorCheck check = anchors == null ? null : new AnchorCheck(anchors, store);
    try {
      storage.forEachAudit(1, entry -> {
        chain.accept(entry);
        if (check != null) {
          check.accept(entry);
        }
      });
    } catch (AuditRowUnreadable e) {
      chain.unreadable(e);
    }
    VerifyResult result = chain.finish(head(head));
    if (check == null) {
      return problem == null ? result : failed(result.entries(), null, problem);
    }
    check.finish();
    return decide(result, store, check).withAnchor(check.facts());
  }

  private VerifyResult decide(VerifyResult chained, String store, AnchorCheck check) {
    long entries = chained.entries();
    if (problem != null) {
      return failed(entries, null, problem);
    }
    if (!chained.ok()) {
      return chained;
    }
    if (store == null) {
      return failed(entries, null, AuditHeadUnreadable.noStoreId().getMessage());
    }
    if (check.firstBad() != null) {
      return failed(entries, check.firstBad(), check.reason());
    }
    if (anchors.required() && anchors.of(store).isEmpty()) {
      return failed(entries, null, "no checkpoint for store " + store + " in " + anchors.file());
    }
    return chained;
  }

  /** The stored head, or {@code otherwise} when it cannot be read (the first such problem is kept). */
  private AuditHead head(AuditHead otherwise) {
    try {
      return storage.auditHead();
    } catch (AuditHeadUnreadable e) {
      if (problem == null) {
        problem = e.getMessage();
      }
      return otherwise;
    }
  }

  private static VerifyResult failed(long entries, Long firstBad, String reason) {
    return new VerifyResult(false, entries, firstBad, reason);
  }
}
