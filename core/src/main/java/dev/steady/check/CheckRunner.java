package dev.steady.check;

import dev.steady.transport.CommandResult;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Runs a {@link Check} on a host over a connection whose identity was already verified (invariant
 * 2), once or until it passes ("wait until healthy"); it never throws for a failing or unreachable
 * host, so a check can only pass by passing (invariant 8).
 */
public final class CheckRunner {

  /** Bytes of output kept per stream: enough for a status line and a health page. */
  static final int OUTPUT_CAP = 1 << 20;
  /** The longest one attempt of {@link #waitUntil} may take. */
  static final Duration MAX_ATTEMPT = Duration.ofSeconds(30);
  private static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);

  /** How {@link #waitUntil} pauses between attempts; tests pass one that only moves a clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  private CheckRunner() {}

  /**
   * Runs {@code check} once on {@code connection}; a command over {@code timeout} is FAILED, a lost
   * connection an ERROR result, never an exception.
   */
  public static CheckResult run(VerifiedConnection connection, Check check, Duration timeout) {
    long start = System.nanoTime();
    CommandResult r;
    try {
      r = connection.run(Probes.command(check, timeout), timeout, OUTPUT_CAP);
    } catch (IOException e) {
      return lost(connection, e, timeout, since(start));
    } catch (RuntimeException e) { // MINA throws IllegalStateException on a session that is closing
      return lost(connection, e, timeout, since(start));
    }
    return Verdicts.judge(check, r, since(start));
  }

  private static CheckResult lost(VerifiedConnection connection, Exception e, Duration timeout, Duration elapsed) {
    if (e instanceof IOException && elapsed.compareTo(timeout) >= 0) {
      return CheckResult.of(CheckResult.FAILED, null, "no result within " + seconds(timeout) + ": " + e.getMessage(), elapsed);
    }
    String reason = e instanceof IOException && e.getMessage() != null ? e.getMessage()
        : connection.host().name() + ": the connection failed (" + e.getMessage() + "); the check could not run";
    return CheckResult.of(CheckResult.ERROR, null, reason, elapsed);
  }

  /**
   * Runs {@code check} every {@code interval} until it passes, an ERROR (it cannot run here: lost
   * connection, command not found) or a Nagios UNKNOWN (the plugin cannot judge) shows that waiting
   * will not help, or {@code deadline} has passed (one last attempt is made at the deadline); each
   * attempt's result goes to {@code eachAttempt}. Returns the last result.
   */
  public static CheckResult waitUntil(VerifiedConnection connection, Check check, Duration deadline, Duration interval,
      Consumer<CheckResult> eachAttempt) {
    return waitUntil(connection, check, deadline, interval, eachAttempt, Clock.systemUTC(),
        pause -> Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000));
  }

  /** As {@link #waitUntil(VerifiedConnection, Check, Duration, Duration, Consumer)} with the given time source. */
  public static CheckResult waitUntil(VerifiedConnection connection, Check check, Duration deadline, Duration interval,
      Consumer<CheckResult> eachAttempt, Clock clock, Sleeper sleeper) {
    if (deadline.isNegative() || !interval.isPositive()) {
      throw new IllegalArgumentException("deadline must be >= 0 and interval > 0: " + deadline + ", " + interval);
    }
    Instant end = clock.instant().plus(deadline);
    while (true) {
      CheckResult result = run(connection, check, attemptTimeout(Duration.between(clock.instant(), end)));
      eachAttempt.accept(result);
      Duration left = Duration.between(clock.instant(), end);
      if (result.passed() || result.status().equals(CheckResult.ERROR) || result.status().equals(CheckResult.UNKNOWN)
          || !left.isPositive()) {
        return result;
      }
      try {
        sleeper.sleep(left.compareTo(interval) < 0 ? left : interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
    }
  }

  private static Duration attemptTimeout(Duration left) {
    return left.compareTo(MIN_ATTEMPT) < 0 ? MIN_ATTEMPT : left.compareTo(MAX_ATTEMPT) > 0 ? MAX_ATTEMPT : left;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
