package dev.steady.plan;

import dev.steady.failure.SteadyException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 30s}, {@code 10m}, {@code 14d}) and sizes ({@code 10M}, {@code 2G}, powers of
 * 1024) as people type them, both ways: read from a form or a flag, and written back the way they
 * would be typed, so a review shows {@code --newer-than 14d}, not a number of seconds.
 */
public final class Amounts {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d|w)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})([kmgt]?)(i?b?)?");
  private static final String[] SIZE_UNITS = {"T", "G", "M", "K"};
  private static final int[] SIZE_SHIFTS = {40, 30, 20, 10};

  private Amounts() {}

  /** {@code 30s}, {@code 10m}, {@code 6h}, {@code 14d}, {@code 2w}, {@code 500ms}; bad input naming {@code option} otherwise. */
  public static Duration duration(String text, String option) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw SteadyException.badInput(option + ": '" + text + "' is not a duration; write e.g. 30s, 10m, 6h, 14d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** {@code 512K}, {@code 10M}, {@code 2G}, {@code 1T} or a number of bytes; bad input naming {@code option} otherwise. */
  public static long size(String text, String option) {
    Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw SteadyException.badInput(option + ": '" + text + "' is not a size; write e.g. 512K, 10M, 2G (powers of 1024)");
    }
    long n = Long.parseLong(m.group(1));
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    if (n > Long.MAX_VALUE >> shift) {
      throw SteadyException.badInput(option + ": '" + text + "' is too large");
    }
    return n << shift;
  }

  /** A duration as typed: the largest of d, h, m, s, ms that divides it exactly ({@code 14d}, {@code 90m}). */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }

  /** A size as typed: the largest of T, G, M, K that divides it exactly ({@code 10M}), else the bytes ({@code 1500}). */
  public static String size(long bytes) {
    for (int i = 0; i < SIZE_SHIFTS.length; i++) {
      long unit = 1L << SIZE_SHIFTS[i];
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + SIZE_UNITS[i];
      }
    }
    return Long.toString(bytes);
  }
}
