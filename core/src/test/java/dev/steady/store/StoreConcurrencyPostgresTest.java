package dev.steady.store;

/** Every test of {@link StoreConcurrencyTest}, on a PostgreSQL database of its own. */
class StoreConcurrencyPostgresTest extends StoreConcurrencyTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
