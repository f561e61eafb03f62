package dev.steady.store;

/** Every test of {@link AuditStoreTest}, on a PostgreSQL database of its own. */
class AuditStorePostgresTest extends AuditStoreTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
