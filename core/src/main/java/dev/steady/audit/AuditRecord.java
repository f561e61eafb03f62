package dev.steady.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What happened, before it is sealed into the chain: the store gives it a sequence number and a
 * hash when it appends it. {@code at} is kept to the millisecond so its text round-trips exactly.
 *
 * @param host the host the action concerns, or null
 * @param run the run it belongs to, or null
 * @param data details, written to the log as canonical JSON (values may be null)
 */
public record AuditRecord(
    Instant at, String actor, String action, String host, String run, Map<String, Object> data) {

  public AuditRecord {
    Objects.requireNonNull(at, "at");
    at = at.truncatedTo(ChronoUnit.MILLIS);
    requireText(actor, "actor");
    requireText(action, "action");
    Objects.requireNonNull(data, "data");
    data.keySet().forEach(key -> Objects.requireNonNull(key, "a data key"));
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("an audit record needs a non-blank " + name);
    }
  }
}
