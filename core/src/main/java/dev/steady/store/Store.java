package dev.steady.store;

import dev.steady.audit.AuditStorage;

/**
 * steady's persistent state behind one interface: embedded SQLite by default, PostgreSQL for a
 * team. Open one with {@link Stores#open}. Writes are atomic and safe for many threads and for
 * several processes on one database.
 */
public interface Store extends AuditStorage, AutoCloseable {

  /** Where this store lives, for messages (credentials removed). */
  String url();

  @Override
  void close();
}
