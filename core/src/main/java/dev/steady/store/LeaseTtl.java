package dev.steady.store;

import dev.steady.failure.SteadyException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a host lease outlives its run's last heartbeat: {@code STEADY_LEASE_TTL}, default 15
 * seconds (a controller heartbeats every TTL/5; one that died on the resuming machine is not waited
 * for at all). It bounds how long a controller on another machine that went silent keeps its run.
 * Written {@code 90s}, {@code 2m}, {@code 1h}, a number of seconds, or ISO-8601 ({@code
 * PT2M}); at least one second.
 */
final class LeaseTtl {

  static final String ENV = "STEADY_LEASE_TTL";
  static final Duration DEFAULT = Duration.ofSeconds(15);

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

  private LeaseTtl() {}

  /** The TTL from the environment, else the default. */
  static Duration fromEnv(Map<String, String> env) {
    String text = env.get(ENV);
    return text == null || text.isBlank() ? DEFAULT : parse(text.strip());
  }

  static Duration parse(String text) {
    return parse(ENV, text, "a lease time-to-live");
  }

  /** A duration from environment variable {@code env} ({@code what} it is, for the message). */
  static Duration parse(String env, String text, String what) {
    Duration ttl = null;
    Matcher m = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      ttl = switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    } else {
      try {
        ttl = Duration.parse(text);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw SteadyException.badInput(env + "='" + text + "' is not " + what + ";"
          + " use a duration of at least 1s such as 90s, 2m or 1h");
    }
    return ttl;
  }
}
