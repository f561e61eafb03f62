package dev.steady.run;

import dev.steady.failure.SteadyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How fast a run goes: hosts at once, errors tolerated before no new row starts, order, batches and
 * a pause between batches.
 *
 * @param maxErrors when more rows than this failed or were refused, no new row starts
 * @param reverse work from the last host of the inventory order to the first
 * @param batch hosts per batch ("5" or "20%"), or null for one batch
 */
public record RateControl(int concurrency, int maxErrors, boolean reverse, String batch, Duration pauseBetween) {

  public RateControl {
    if (concurrency < 1) {
      throw SteadyException.badInput("--concurrency must be at least 1, got " + concurrency);
    }
    if (maxErrors < 0) {
      throw SteadyException.badInput("--max-errors must not be negative, got " + maxErrors);
    }
    pauseBetween = pauseBetween == null ? Duration.ZERO : pauseBetween;
  }

  /** Splits {@code items} into batches: {@code N} items or {@code N%} of them (at least one) per batch. */
  public <T> List<List<T>> batches(List<T> items) {
    int size = items.size();
    if (batch != null && !batch.isBlank()) {
      String b = batch.strip();
      size = b.endsWith("%") ? Math.max(1, (int) Math.ceil(items.size() * Integer.parseInt(b.substring(0, b.length() - 1)) / 100.0))
          : Integer.parseInt(b);
    }
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += Math.max(1, size)) {
      out.add(items.subList(i, Math.min(items.size(), i + Math.max(1, size))));
    }
    return out;
  }

  public Map<String, Object> toMap() {
    return Map.of("concurrency", concurrency, "max_errors", maxErrors, "reverse", reverse, "batch", batch == null ? "" : batch,
        "pause_between_ms", pauseBetween.toMillis());
  }

  public static RateControl fromMap(Map<String, Object> m) {
    String batch = m.get("batch").toString();
    return new RateControl(((Number) m.get("concurrency")).intValue(), ((Number) m.get("max_errors")).intValue(),
        (Boolean) m.get("reverse"), batch.isEmpty() ? null : batch, Duration.ofMillis(((Number) m.get("pause_between_ms")).longValue()));
  }
}
