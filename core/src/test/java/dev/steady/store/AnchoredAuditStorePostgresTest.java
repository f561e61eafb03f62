package dev.steady.store;

/** Every test of {@link AnchoredAuditStoreTest}, on a PostgreSQL database of its own. */
class AnchoredAuditStorePostgresTest extends AnchoredAuditStoreTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
