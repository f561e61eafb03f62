package dev.steady.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers for the durations ({@code 30s}, {@code 10m}, {@code 14d}) and sizes ({@code 10M}, {@code 2G}) users type. */
final class Units {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgt]?)(i?b?)?");

  private Units() {}

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a duration; write e.g. 30s, 10m, 6h, 14d");
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

  static long size(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a size; write e.g. 512K, 10M, 2G (powers of 1024)");
    }
    long n = Long.parseLong(m.group(1));
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    return n << shift;
  }

  /**
   * picocli converter for {@code --concurrency}: a whole number of hosts, at least 1. Every command
   * refuses 0 or less the same way (bad input, exit 2) instead of some quietly working one at a time.
   */
  static final class ConcurrencyConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeastOne(value, "a number of hosts at once", "5");
    }
  }

  /** picocli converter for {@code -n/--limit}: how many to show, at least 1. */
  static final class CountConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeastOne(value, "a count", "20");
    }
  }

  private static int atLeastOne(String value, String what, String example) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new TypeConversionException("'" + value + "' is not " + what + "; write a whole number of at least 1, e.g. " + example);
    }
    return n;
  }

  /**
   * picocli converter for durations that must not be zero: a plan's lifetime, a timeout, an
   * interval. {@code --ttl 0s} was an internal error and {@code --timeout 0s} meant nothing.
   */
  static final class PositiveDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = duration(value);
      if (d.isZero()) {
        throw new TypeConversionException("'" + value + "' is zero; write a duration of more than zero, e.g. 30s, 10m, 1h");
      }
      return d;
    }
  }

  /** picocli converter for durations. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }

  /** picocli converter for sizes as a long number of bytes. */
  static final class LongSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return size(value);
    }
  }

  /** Bytes for a human: 1.2 GiB. */
  static String bytes(long n) {
    return dev.steady.plan.Bytes.human(n);
  }

  /** A count with thousands separators: 1,234,567. */
  static String count(long n) {
    return String.format("%,d", n);
  }

  /** picocli converter for sizes, as an int number of bytes. */
  static final class SizeConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long bytes = size(value);
      if (bytes > Integer.MAX_VALUE - 16) {
        throw new TypeConversionException("'" + value + "' is too large; at most 2G");
      }
      return (int) bytes;
    }
  }
}
