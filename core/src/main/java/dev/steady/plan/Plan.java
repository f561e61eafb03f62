package dev.steady.plan;

import java.time.Instant;
import java.util.List;

/**
 * A cleanup plan: exactly what will be deleted, host by host (invariant 4: exact, immutable,
 * single-use, expiring). Its id is the SHA-256 of its canonical JSON (without id and token), files
 * included, so any change to the reviewed content is a different plan.
 *
 * @param id SHA-256 hex of the canonical JSON
 * @param confirmToken what the operator types (or passes with --confirm) to apply it
 * @param author who planned it (user@host)
 * @param target the target expression as typed
 * @param guards notes from guards that passed with a remark (refusals never produce a plan)
 */
public record Plan(
    String id,
    String confirmToken,
    Instant createdAt,
    Instant expiresAt,
    String author,
    String target,
    Criteria criteria,
    List<String> guards,
    List<HostPlan> hosts,
    long count,
    long bytes) {

  public Plan {
    guards = List.copyOf(guards);
    hosts = List.copyOf(hosts);
  }

  /** The same plan with its id and token set (ids are computed after the files are stored). */
  public Plan withId(String newId, String token) {
    return new Plan(newId, token, createdAt, expiresAt, author, target, criteria, guards, hosts, count, bytes);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
