package dev.steady.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the audit log is kept; {@code dev.steady.store.Store} implements it. Appends are atomic
 * and serialized across threads and processes, so the chain never forks (invariant 6).
 */
public interface AuditStorage {

  /** Seals the record as the next entry of the chain and stores it. */
  AuditEntry appendAudit(AuditRecord record);

  /** Seals and stores the records, in order, in one transaction. */
  List<AuditEntry> appendAudit(List<AuditRecord> records);

  /** Streams the entries with {@code seq >= fromSeq} in sequence order to {@code sink}. */
  void forEachAudit(long fromSeq, Consumer<AuditEntry> sink);

  /** The newest {@code limit} entries (of {@code run} when not null), oldest first. */
  List<AuditEntry> auditTail(int limit, String run);

  /**
   * The newest {@code limit} entries of any of {@code runs}, oldest first: an apply's entries are
   * filed under its plan and under its run.
   */
  default List<AuditEntry> auditTailOf(int limit, List<String> runs) {
    if (runs.size() == 1) {
      return auditTail(limit, runs.getFirst());
    }
    List<AuditEntry> all = new java.util.ArrayList<>();
    runs.forEach(run -> all.addAll(auditTail(limit, run)));
    all.sort(java.util.Comparator.comparingLong(AuditEntry::seq));
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  /**
   * The newest entry of {@code action} for each of {@code hosts} that has one, by host name (an
   * indexed lookup per host: fast however long the log is).
   */
  Map<String, AuditEntry> latestPerHost(String action, List<String> hosts);

  /**
   * The recorded head of the chain: the newest sequence number and its hash.
   *
   * @throws AuditHeadUnreadable when the head row is missing or malformed
   */
  AuditHead auditHead();

  /**
   * The store's id, generated once when the store was made (and carried by {@code store copy}):
   * what anchor checkpoints name. Empty when its row is missing or malformed.
   */
  Optional<String> storeId();
}
