package dev.steady.store;

/** Every test of {@link RunLeaseRaceTest}, on a PostgreSQL database of its own. */
class RunLeaseRacePostgresTest extends RunLeaseRaceTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
