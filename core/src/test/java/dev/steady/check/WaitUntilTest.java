package dev.steady.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.transport.VerifiedConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** "Wait until healthy" on a real embedded host: retries, deadline, and a connection that dies. */
@Timeout(60)
class WaitUntilTest {

  @TempDir static Path dir;
  static CheckHost fixture;
  VerifiedConnection connection;
  final List<CheckResult> attempts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    fixture = CheckHost.start(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void connect() throws Exception {
    connection = fixture.connect();
  }

  @AfterEach
  void closeConnection() {
    connection.close();
  }

  /** A clock that moves only when the runner sleeps: no wall time is burnt waiting. */
  static final class FakeTime extends Clock {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    final List<Duration> pauses = new CopyOnWriteArrayList<>();

    void sleep(Duration pause) {
      pauses.add(pause);
      now = now.plus(pause);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void waitUntil_passesOnceTheServiceComesUp_afterSeveralTries() throws Exception {
    Path ready = fixture.host.root().resolve("ready-" + System.nanoTime());
    Check check = Checks.parse("cmd:test -f " + ready.getFileName() + " && echo up || { echo starting; exit 1; }");
    Thread service = Thread.ofVirtual().start(() -> {
      CheckRunnerTest.sleep(800);
      try {
        Files.createFile(ready);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    CheckResult last = CheckRunner.waitUntil(connection, check, Duration.ofSeconds(20), Duration.ofMillis(100), attempts::add);
    service.join();

    assertThat(last.passed()).isTrue();
    assertThat(last.message()).isEqualTo("up");
    assertThat(attempts.size()).isGreaterThan(1);
    assertThat(attempts.getLast()).isEqualTo(last);
    assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo("FAILED");
      assertThat(a.message()).isEqualTo("starting");
    });
  }

  @Test
  void waitUntil_givesUpAtTheDeadline_withTheLastFailure_tryingOnceMoreAtTheDeadline() {
    FakeTime time = new FakeTime();
    Check check = new NagiosCheck("echo 'HTTP CRITICAL: 503'; exit 2");

    CheckResult last = CheckRunner.waitUntil(connection, check, Duration.ofSeconds(10), Duration.ofSeconds(3), attempts::add,
        time, time::sleep);

    assertThat(last.status()).isEqualTo("CRITICAL");
    assertThat(last.message()).isEqualTo("HTTP CRITICAL: 503");
    assertThat(time.pauses).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3),
        Duration.ofSeconds(1));
    assertThat(attempts).hasSize(5);
  }

  @Test
  void waitUntil_withAZeroDeadline_triesExactlyOnce() {
    FakeTime time = new FakeTime();
    CheckResult last = CheckRunner.waitUntil(connection, new CommandCheck("false"), Duration.ZERO, Duration.ofSeconds(1),
        attempts::add, time, time::sleep);
    assertThat(last.status()).isEqualTo("FAILED");
    assertThat(attempts).hasSize(1);
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void waitUntil_inRealTime_stopsSoonAfterASmallDeadline() {
    long start = System.nanoTime();
    CheckResult last = CheckRunner.waitUntil(connection, new CommandCheck("echo down; exit 1"), Duration.ofMillis(600),
        Duration.ofMillis(100), attempts::add);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(last.message()).isEqualTo("down");
    assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void waitUntil_stopsAtOnceWhenTheConnectionIsLost() {
    FakeTime time = new FakeTime();
    fixture.host.disconnectAll();

    CheckResult last = CheckRunner.waitUntil(connection, new CommandCheck("true"), Duration.ofMinutes(5), Duration.ofSeconds(5),
        attempts::add, time, time::sleep);

    assertThat(last.status()).isEqualTo("ERROR");
    assertThat(attempts).hasSize(1);
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void waitUntil_returnsTheLastResultWhenInterruptedWhileWaiting() throws Exception {
    java.util.concurrent.atomic.AtomicReference<CheckResult> returned = new java.util.concurrent.atomic.AtomicReference<>();
    Thread waiter = Thread.ofVirtual().start(() -> returned.set(CheckRunner.waitUntil(connection, new CommandCheck("false"),
        Duration.ofMinutes(1), Duration.ofSeconds(30), attempts::add)));
    while (attempts.isEmpty()) {
      Thread.sleep(20);
    }
    waiter.interrupt();
    waiter.join(Duration.ofSeconds(10));

    assertThat(waiter.isAlive()).isFalse();
    assertThat(returned.get().status()).isEqualTo("FAILED");
    assertThat(attempts).hasSize(1);
  }
}
