package dev.steady.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failed logins per (name, address) in a sliding window: past the limit, login is refused (429) until the window moves on. */
final class LoginLimiter {

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /** True when {@code name} from {@code address} may try again now. */
  boolean allowed(String name, String address) {
    Deque<Instant> times = failures.get(key(name, address));
    if (times == null) {
      return true;
    }
    synchronized (times) {
      prune(times);
      return times.size() < limit;
    }
  }

  void failed(String name, String address) {
    Deque<Instant> times = failures.computeIfAbsent(key(name, address), k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times);
      times.addLast(clock.instant());
    }
    if (failures.size() > 10_000) {
      failures.entrySet().removeIf(e -> {
        synchronized (e.getValue()) {
          prune(e.getValue());
          return e.getValue().isEmpty();
        }
      });
    }
  }

  void succeeded(String name, String address) {
    failures.remove(key(name, address));
  }

  private void prune(Deque<Instant> times) {
    Instant oldest = clock.instant().minus(window);
    while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
      times.removeFirst();
    }
  }

  private static String key(String name, String address) {
    return name + "\u0000" + address;
  }
}
