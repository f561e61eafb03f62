package dev.steady.web;

import dev.steady.account.Role;
import java.time.Instant;

/**
 * A logged-in console user: the random session id (the cookie), who it is, the role read at login,
 * the per-session CSRF token every state-changing request must carry, and the credential proved at
 * login (the session ends when the account's role or password changes).
 */
record Session(String id, String user, Role role, String csrf, Instant createdAt, dev.steady.account.Credential credential) {

  /** Who the audit log names for what this session does. */
  String actor() {
    return user + "@console";
  }
}
