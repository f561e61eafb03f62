package dev.steady.web;

import dev.steady.account.Role;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-side session store: 256-bit random ids, a CSRF token per session, idle expiry. Nothing
 * but the id travels in the cookie; closing the console forgets every session.
 */
final class Sessions {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Duration idle;
  private final Clock clock;

  private record Entry(Session session, Instant lastSeen) {}

  Sessions(Duration idle, Clock clock) {
    this.idle = idle;
    this.clock = clock;
  }

  /** A new session for the user of {@code credential}. */
  Session open(dev.steady.account.Credential credential) {
    Instant now = clock.instant();
    Session s = new Session(token(), credential.user().name(), credential.user().role(), token(), now, credential);
    sessions.put(s.id(), new Entry(s, now));
    if (sessions.size() % 64 == 0) {
      sweep(now);
    }
    return s;
  }

  /** The live session of {@code id}, touched; empty when unknown or idle too long. */
  Optional<Session> find(String id) {
    if (id == null || id.length() != 43) {
      return Optional.empty();
    }
    Entry e = sessions.get(id);
    Instant now = clock.instant();
    if (e == null) {
      return Optional.empty();
    }
    if (now.isAfter(e.lastSeen().plus(idle))) {
      sessions.remove(id);
      return Optional.empty();
    }
    sessions.put(id, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of {@code user} (removed or changed account). */
  void closeAll(String user) {
    sessions.values().removeIf(e -> e.session().user().equals(user));
  }

  /** Compares a presented CSRF token with the session's in constant time. */
  static boolean csrfMatches(Session session, String presented) {
    return presented != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  private void sweep(Instant now) {
    sessions.values().removeIf(e -> now.isAfter(e.lastSeen().plus(idle)));
  }

  /** 256 random bits, base64url without padding (43 characters). */
  static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
