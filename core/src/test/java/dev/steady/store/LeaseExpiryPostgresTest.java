package dev.steady.store;

/** Every test of {@link LeaseExpiryTest}, on a PostgreSQL database of its own. */
class LeaseExpiryPostgresTest extends LeaseExpiryTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
