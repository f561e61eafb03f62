package dev.steady.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where approvals live (the store implements it); granting is atomic across processes. */
public interface ApprovalStorage {

  /** Records that {@code subject} needs approval; no-op when it already has a record. */
  void requireApproval(String subject, String author, Instant at);

  /** The approval record of a subject, empty when it needs none. */
  Optional<Approval> approval(String subject);

  /**
   * Atomically grants a pending approval to {@code approver}; false when the subject needs no
   * approval or was already approved. The author rule is enforced by {@code Approvals}, not here.
   */
  boolean grantApproval(String subject, String approver, Instant at);

  /** Approvals still pending, oldest first. */
  List<Approval> pendingApprovals();
}
