package dev.steady.store;

/** Every test of {@link ApprovalRaceTest}, on a PostgreSQL database of its own. */
class ApprovalRacePostgresTest extends ApprovalRaceTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
