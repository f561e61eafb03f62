package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

  static final class Ticking extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void fiveFailuresPerNameAndAddress_blockForTheWindow() {
    Ticking clock = new Ticking();
    LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.allowed("ada", "10.0.0.1")).isTrue();
      limiter.failed("ada", "10.0.0.1");
    }
    assertThat(limiter.allowed("ada", "10.0.0.1")).isFalse();
    assertThat(limiter.allowed("ada", "10.0.0.2")).isTrue();
    assertThat(limiter.allowed("abe", "10.0.0.1")).isTrue();
    clock.now = clock.now.plusSeconds(61);
    assertThat(limiter.allowed("ada", "10.0.0.1")).isTrue();
  }

  @Test
  void sessions_expireWhenIdle_andTokensAre256Bits() {
    Ticking clock = new Ticking();
    Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
    Session s = sessions.open(new dev.steady.account.Credential(
        new dev.steady.account.User("ada", dev.steady.account.Role.ADMIN, java.time.Instant.EPOCH), "stamp"));
    assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrf());
    clock.now = clock.now.plus(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id())).isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(31));
    assertThat(sessions.find(s.id())).isEmpty();
    assertThat(Sessions.csrfMatches(s, s.csrf())).isTrue();
    assertThat(Sessions.csrfMatches(s, null)).isFalse();
  }
}
