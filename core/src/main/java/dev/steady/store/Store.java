package dev.steady.store;

import dev.steady.account.AccountStorage;
import dev.steady.approval.ApprovalStorage;
import dev.steady.audit.AuditStorage;
import dev.steady.plan.PlanStorage;
import dev.steady.run.RunStorage;

/**
 * steady's persistent state behind one interface: embedded SQLite by default, PostgreSQL for a
 * team. Open one with {@link Stores#open}. Writes are atomic and safe for many threads and for
 * several processes on one database: an audit append never forks the chain, a plan is claimed
 * for apply by exactly one run (invariant 4), a row transition is durable when the call returns
 * (invariant 5), and a host's lease is held by at most one run.
 */
public interface Store extends AuditStorage, PlanStorage, RunStorage, AccountStorage, ApprovalStorage, AutoCloseable {

  /** Where this store lives, for messages (credentials removed). */
  String url();

  @Override
  void close();
}
