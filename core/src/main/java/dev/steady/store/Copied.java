package dev.steady.store;

import java.util.Map;

/**
 * What {@code steady store copy} copied.
 *
 * @param from the source store (no password)
 * @param to the target store (no password)
 * @param tables rows copied per table, in copy order
 */
public record Copied(String from, String to, Map<String, Long> tables) {

  public Copied {
    tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
  }
}
