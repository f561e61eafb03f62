package dev.steady.plan;

import java.util.Locale;

/** Byte counts for people, the same on the terminal and in the console. */
public final class Bytes {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Bytes() {}

  /** Powers of 1024 with one decimal, e.g. {@code 1.4 GiB}; below 1 KiB exact, e.g. {@code 512 B}. */
  public static String human(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    int u = -1;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
  }
}
