package dev.steady.web;

import dev.steady.account.Role;
import java.time.Instant;

/**
 * A logged-in console user: the random session id (the cookie), who it is, the role read at login
 * and the per-session CSRF token every state-changing request must carry.
 */
record Session(String id, String user, Role role, String csrf, Instant createdAt) {

  /** Who the audit log names for what this session does. */
  String actor() {
    return user + "@console";
  }
}
