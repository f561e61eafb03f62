package dev.steady.store;

/**
 * What {@code steady store migrate} did.
 *
 * @param store where the store lives (no password)
 * @param before its schema version before, or null when it held no steady schema
 * @param after its schema version now
 * @param latest the newest version this steady knows
 */
public record Migrated(String store, String before, String after, String latest) {

  /** True when the migrations changed the schema. */
  public boolean changed() {
    return before == null || !before.equals(after);
  }

  /** True when the store was migrated by a newer steady than this one. */
  public boolean newer() {
    return after != null && SchemaVersion.compare(after, latest) > 0;
  }
}
