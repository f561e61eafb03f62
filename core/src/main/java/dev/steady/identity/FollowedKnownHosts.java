package dev.steady.identity;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A known_hosts file judged as it is now: a pin replaced after a rebuild, or a key marked {@code
 * @revoked}, takes effect at the next connection of a long-lived process (the console, a run of an
 * hour). The file is re-read when its modification time, size or identity (an editor's rename)
 * changed, and while its modification time is too close to the last reading to tell a later edit of
 * the same size apart (file times tick coarsely on some file systems). When the current file cannot
 * be read, no key is trusted until it can: the old reading is not kept, since the edit may have been
 * the revocation.
 */
final class FollowedKnownHosts implements Pins {

  private record Version(FileTime modified, long size, Object fileKey) {}

  private static final Version MISSING = new Version(FileTime.fromMillis(0), -1, null);
  private static final Duration TIME_GRAIN = Duration.ofSeconds(2);

  private final Path file;
  private Version seen;
  private Instant readAt = Instant.EPOCH;
  private KnownHosts current;
  private SteadyException problem;

  /** Reads {@code file} once now: one that cannot be read is bad input before any host is touched. */
  FollowedKnownHosts(Path file) {
    this.file = file;
    now();
  }

  @Override
  public KeyVerdict judge(Host host, PublicKey presented) {
    return now().judge(host, presented);
  }

  @Override
  public java.util.List<String> keyTypes(Host host) {
    try {
      return now().keyTypes(host);
    } catch (SteadyException e) {
      return java.util.List.of(); // judge() says why no key is trusted
    }
  }

  /** The file as it is now; bad input when it cannot be read (no key is trusted then). */
  synchronized KnownHosts now() {
    Version version = version();
    boolean racy = seen != null && !seen.modified().toInstant().isBefore(readAt.minus(TIME_GRAIN));
    if (!Objects.equals(version, seen) || racy) {
      readAt = Instant.now();
      try {
        current = KnownHosts.load(file);
        problem = null;
      } catch (SteadyException e) {
        current = null;
        problem = e;
      }
      seen = version;
    }
    if (current == null) {
      throw SteadyException.badInput(problem.getMessage(), problem);
    }
    return current;
  }

  private Version version() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (IOException e) {
      return new Version(FileTime.fromMillis(0), -2, e.getMessage());
    }
  }
}
