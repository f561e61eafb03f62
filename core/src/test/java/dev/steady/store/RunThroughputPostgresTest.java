package dev.steady.store;

/** Every test of {@link RunThroughputTest}, on a PostgreSQL database of its own. */
class RunThroughputPostgresTest extends RunThroughputTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
