package dev.steady.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One sealed entry of the audit log as stored: its content, the hash of its predecessor and its
 * own hash (see {@link AuditChain#hash}). Invariant 6: every entry hashes its predecessor.
 *
 * @param dataJson the details as canonical JSON text, exactly as stored
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    String host,
    String run,
    String dataJson,
    String prevHash,
    String hash) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(dataJson, "dataJson");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }
}
