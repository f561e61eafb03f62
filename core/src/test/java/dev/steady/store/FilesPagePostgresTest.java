package dev.steady.store;

/** Every test of {@link FilesPageTest}, on a PostgreSQL database of its own. */
class FilesPagePostgresTest extends FilesPageTest {

  @Override
  StoreKind storeKind() {
    return StoreKind.POSTGRESQL;
  }
}
