package dev.steady.store;

/** {@link BigCopyTest} into PostgreSQL. */
class BigCopyPostgresTest extends BigCopyTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
