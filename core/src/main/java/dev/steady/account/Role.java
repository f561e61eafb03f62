package dev.steady.account;

import dev.steady.failure.SteadyException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a console user may do. A viewer reads; an operator also applies plans and starts, resumes
 * and stops runs; an approver reads and approves another engineer's plan or run; an admin may do
 * all of it. Roles are not a ladder: an operator cannot approve, an approver cannot apply.
 */
public enum Role {
  VIEWER, OPERATOR, APPROVER, ADMIN;

  /** Apply a plan, start, resume or stop a run. */
  public boolean canOperate() {
    return this == OPERATOR || this == ADMIN;
  }

  /** Approve a plan or run made by someone else (never one's own). */
  public boolean canApprove() {
    return this == APPROVER || this == ADMIN;
  }

  /** Manage users. */
  public boolean canAdminister() {
    return this == ADMIN;
  }

  /** The lower-case name used on the command line and in the store. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses viewer, operator, approver or admin (any case); bad input names the choices. */
  public static Role parse(String text) {
    return Arrays.stream(values()).filter(r -> r.label().equalsIgnoreCase(text == null ? "" : text.strip())).findFirst()
        .orElseThrow(() -> SteadyException.badInput("unknown role '" + text + "'; use one of viewer, operator, approver, admin"));
  }
}
