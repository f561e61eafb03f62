package dev.steady.store;

import dev.steady.audit.AuditStorage;
import dev.steady.plan.PlanStorage;

/**
 * steady's persistent state behind one interface: embedded SQLite by default, PostgreSQL for a
 * team. Open one with {@link Stores#open}. Writes are atomic and safe for many threads and for
 * several processes on one database: an audit append never forks the chain, and a plan is claimed
 * for apply by exactly one run (invariant 4).
 */
public interface Store extends AuditStorage, PlanStorage, AutoCloseable {

  /** Where this store lives, for messages (credentials removed). */
  String url();

  @Override
  void close();
}
