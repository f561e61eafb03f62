package dev.steady.store;

/** The databases a store test runs on: every store test runs on both (StoreTestBase). */
enum StoreKind {
  SQLITE,
  POSTGRESQL
}
