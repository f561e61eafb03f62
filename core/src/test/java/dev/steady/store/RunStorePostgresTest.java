package dev.steady.store;

/** Every test of {@link RunStoreTest}, on a PostgreSQL database of its own. */
class RunStorePostgresTest extends RunStoreTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
