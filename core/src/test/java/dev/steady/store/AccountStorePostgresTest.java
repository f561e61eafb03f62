package dev.steady.store;

/** Every test of {@link AccountStoreTest}, on a PostgreSQL database of its own. */
class AccountStorePostgresTest extends AccountStoreTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
