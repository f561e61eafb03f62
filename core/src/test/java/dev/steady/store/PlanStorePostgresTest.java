package dev.steady.store;

/** Every test of {@link PlanStoreTest}, on a PostgreSQL database of its own. */
class PlanStorePostgresTest extends PlanStoreTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
