package dev.steady.store;

/** Every test of {@link PlanClaimRaceTest}, on a PostgreSQL database of its own. */
class PlanClaimRacePostgresTest extends PlanClaimRaceTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
