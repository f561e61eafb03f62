package dev.steady.approval;

import java.time.Instant;

/**
 * A second engineer's approval of a plan or run ("four eyes").
 *
 * @param subject what is approved: {@code plan:ID} or {@code run:ID}
 * @param author who made the plan or run; never allowed to approve it
 * @param approver who approved it, null while pending
 * @param approvedAt when, null while pending
 */
public record Approval(String subject, String author, Instant requestedAt, String approver, Instant approvedAt) {

  public boolean granted() {
    return approver != null;
  }
}
