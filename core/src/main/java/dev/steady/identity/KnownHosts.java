package dev.steady.identity;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The pinned host keys of an OpenSSH {@code known_hosts} file (plain, hashed and {@code [host]:port}
 * entries, {@code @revoked} markers). Invariant 2 starts here: a key is trusted only if pinned.
 */
public final class KnownHosts implements Pins {

  private final Path file;
  private final List<KnownHostEntry> entries;

  private KnownHosts(Path file, List<KnownHostEntry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /** Reads the file; a missing file is an empty set of pins. */
  public static KnownHosts load(Path file) {
    if (!Files.exists(file)) {
      return new KnownHosts(file, List.of());
    }
    try {
      return new KnownHosts(file, KnownHostEntry.readKnownHostEntries(file));
    } catch (IOException | RuntimeException e) {
      throw SteadyException.badInput(
          "known hosts file " + file + " cannot be read (" + oneLine(e) + "); fix or move it, or pass --known-hosts FILE", e);
    }
  }

  /**
   * Pins that read {@code file} as it is at each judgement (re-reading only after a change), for a
   * process that outlives an edit of it. A file that cannot be read now is bad input, like {@link
   * #load}; one that becomes unreadable later trusts no key.
   */
  public static Pins followed(Path file) {
    return new FollowedKnownHosts(file);
  }

  public Path file() {
    return file;
  }

  @Override
  public KeyVerdict judge(Host host, PublicKey presented) {
    List<KnownHostEntry> entries = matching(host);
    for (KnownHostEntry entry : entries) {
      if ("revoked".equalsIgnoreCase(entry.getMarker()) && sameKey(entry, presented)) {
        return new KeyVerdict.Revoked(fingerprint(presented));
      }
    }
    List<String> pinned = new ArrayList<>();
    for (KnownHostEntry entry : entries) {
      PublicKey key = entry.getMarker() == null || entry.getMarker().isEmpty() ? resolve(entry) : null;
      if (key != null && KeyUtils.compareKeys(key, presented)) {
        return new KeyVerdict.Pinned(fingerprint(presented));
      }
      if (key != null) {
        pinned.add(fingerprint(key));
      }
    }
    return pinned.isEmpty() ? new KeyVerdict.Unknown(fingerprint(presented)) : new KeyVerdict.Changed(fingerprint(presented), pinned);
  }

  private static boolean sameKey(KnownHostEntry entry, PublicKey presented) {
    PublicKey key = resolve(entry);
    return key != null && KeyUtils.compareKeys(key, presented);
  }

  /** Appends a pin for {@code host} (keyed by its address and port, as OpenSSH does) and returns the new pins. */
  public KnownHosts pin(Host host, PublicKey key) {
    String line = hostPattern(host) + " " + PublicKeyEntry.toString(key) + System.lineSeparator();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean created = !Files.exists(file);
      byte[] prefix = needsNewline() ? System.lineSeparator().getBytes(StandardCharsets.UTF_8) : new byte[0];
      Files.write(file, concat(prefix, line.getBytes(StandardCharsets.UTF_8)),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (created) {
        trySetOwnerOnly(file);
      }
    } catch (IOException e) {
      throw SteadyException.badInput("cannot write known hosts file " + file + " (" + oneLine(e) + "); check its permissions or pass --known-hosts FILE", e);
    }
    return load(file);
  }

  /**
   * Replaces every pin of {@code host} (its address and port, or its name) by {@code key}: after a
   * reviewed rebuild the old key must stop being accepted. Lines of other hosts are kept as they are.
   */
  public KnownHosts replace(Host host, PublicKey key) {
    try {
      if (Files.exists(file)) {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!pinsHost(line, host)) {
            kept.add(line);
          }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw SteadyException.badInput("cannot rewrite known hosts file " + file + " (" + oneLine(e) + "); check its permissions", e);
    }
    return pin(host, key);
  }

  private static boolean pinsHost(String line, Host host) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("@")) {
      return false;
    }
    try {
      List<KnownHostEntry> parsed = KnownHostEntry.readKnownHostEntries(new java.io.StringReader(trimmed), true);
      return parsed.stream().anyMatch(e -> e.isHostMatch(host.address(), host.port()) || e.isHostMatch(host.name(), host.port()));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The known_hosts host field for a host: {@code address} on port 22, else {@code [address]:port}. */
  public static String hostPattern(Host host) {
    return host.port() == 22 ? host.address() : "[" + host.address() + "]:" + host.port();
  }

  /** OpenSSH's SHA-256 fingerprint, e.g. {@code SHA256:Xb3…}. */
  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  private List<KnownHostEntry> matching(Host host) {
    List<KnownHostEntry> out = new ArrayList<>();
    for (KnownHostEntry entry : entries) {
      if (entry.isHostMatch(host.address(), host.port()) || entry.isHostMatch(host.name(), host.port())) {
        out.add(entry);
      }
    }
    return out;
  }

  private static PublicKey resolve(KnownHostEntry entry) {
    try {
      return entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
    } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  private boolean needsNewline() throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return false;
    }
    try (var channel = Files.newByteChannel(file)) {
      channel.position(channel.size() - 1);
      var buffer = java.nio.ByteBuffer.allocate(1);
      channel.read(buffer);
      return buffer.get(0) != '\n';
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void trySetOwnerOnly(Path path) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: non-POSIX file systems keep their defaults
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
