package dev.steady.identity;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The pinned host keys of an OpenSSH {@code known_hosts} file (plain, hashed and {@code [host]:port}
 * entries, {@code @revoked} markers). Invariant 2 starts here: a key is trusted for a host only if a
 * line pins it under the host's inventory <em>name</em>; a line that matches only the address steady
 * connects to never vouches for a name (an address can be re-pointed at another machine). steady
 * writes pins as {@code name,address} (or {@code [name]:port,[address]:port}), so OpenSSH finds them
 * too, with the host's {@code /etc/machine-id} as a comment word ({@code steady-machine-id=…}); hashed,
 * one name a line, when the file's pins are hashed.
 */
public final class KnownHosts implements Pins {

  private final Path file;
  private final List<PinLine> lines;

  private KnownHosts(Path file, List<PinLine> lines) {
    this.file = file;
    this.lines = List.copyOf(lines);
  }

  /** Reads the file; a missing file is an empty set of pins, a line that is not an entry is bad input naming it. */
  public static KnownHosts load(Path file) {
    if (!Files.exists(file)) {
      return new KnownHosts(file, List.of());
    }
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw SteadyException.badInput(
          "known hosts file " + file + " cannot be read (" + oneLine(e) + "); fix or move it, or pass --known-hosts FILE", e);
    }
    List<PinLine> lines = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        lines.add(PinLine.parse(file, i + 1, line));
      } catch (RuntimeException e) {
        throw SteadyException.badInput("known hosts file " + file + " line " + (i + 1) + " is not a known_hosts entry ("
            + oneLine(e) + "); fix or delete that line (a broken @revoked line must not be skipped), or pass --known-hosts FILE", e);
      }
    }
    return new KnownHosts(file, lines);
  }

  /** The pins of several files judged as one (a host's user and global known_hosts files), new pins going to {@code writeTo}. */
  static KnownHosts union(Path writeTo, List<KnownHosts> parts) {
    List<PinLine> all = new ArrayList<>();
    parts.forEach(p -> all.addAll(p.lines));
    return new KnownHosts(writeTo, all);
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
    if (presented instanceof OpenSshCertificate certificate) {
      return judgeCertificate(host, certificate);
    }
    KeyVerdict plain = judgePlain(host, presented);
    if (plain instanceof KeyVerdict.Unknown u && u.note() == null && trustsACertificateAuthority(host)) {
      return new KeyVerdict.Unknown(u.presented(), "an @cert-authority line of " + file + " covers " + host.name()
          + ", but it presented no valid host certificate (expired, not yet valid, not naming " + principalOf(host)
          + " among its principals, or none at all)");
    }
    return plain;
  }

  /**
   * A host certificate (its signature, validity and principal were checked during key exchange, the
   * principal being the host's HostKeyAlias or address, as OpenSSH checks it): trusted when an
   * {@code @cert-authority} line matching the host holds its CA key; refused when the CA or the
   * certified key is {@code @revoked}; otherwise judged as its plain key, as OpenSSH falls back.
   */
  private KeyVerdict judgeCertificate(Host host, OpenSshCertificate certificate) {
    PublicKey key = certificate.getCertPubKey();
    PublicKey ca = certificate.getCaPubKey();
    for (PinLine line : lines) {
      if (line.revoked() && (line.holds(key) || line.holds(ca) || line.holds(certificate))) {
        return new KeyVerdict.Revoked(fingerprint(key));
      }
    }
    if (certificate.getType() == OpenSshCertificate.Type.HOST) {
      for (PinLine line : lines) {
        if (line.certAuthority() && line.holds(ca) && (line.names(host) || line.addresses(host))) {
          return new KeyVerdict.Pinned(fingerprint(key), machineIdOf(host, key));
        }
      }
    }
    return judge(host, key);
  }

  private String machineIdOf(Host host, PublicKey key) {
    return lines.stream().filter(l -> l.plain() && l.names(host) && l.holds(key)).map(PinLine::machineId)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private boolean trustsACertificateAuthority(Host host) {
    return lines.stream().anyMatch(l -> l.certAuthority() && (l.names(host) || l.addresses(host)));
  }

  /** The name a host certificate must list among its principals: the HostKeyAlias, else the address, as OpenSSH checks. */
  public static String principalOf(Host host) {
    return host.ssh().hostKeyAlias() != null ? host.ssh().hostKeyAlias() : host.address();
  }

  private KeyVerdict judgePlain(Host host, PublicKey presented) {
    String fingerprint = fingerprint(presented);
    for (PinLine line : lines) {
      if (line.revoked() && line.holds(presented) && (line.names(host) || line.addresses(host))) {
        return new KeyVerdict.Revoked(fingerprint);
      }
    }
    List<String> pinned = new ArrayList<>();
    for (PinLine line : lines) {
      if (line.plain() && line.names(host)) {
        if (line.holds(presented)) {
          return new KeyVerdict.Pinned(fingerprint, line.machineId());
        }
        if (line.key() != null) {
          pinned.add(fingerprint(line.key()));
        }
      }
    }
    if (!pinned.isEmpty()) {
      return new KeyVerdict.Changed(fingerprint, pinned);
    }
    return new KeyVerdict.Unknown(fingerprint, note(host, presented));
  }

  @Override
  public List<String> keyTypes(Host host) {
    List<String> types = new ArrayList<>();
    if (trustsACertificateAuthority(host)) {
      types.addAll(List.of("ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
          "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com",
          "rsa-sha2-256-cert-v01@openssh.com"));
    }
    for (PinLine line : lines) {
      if (line.plain() && line.names(host) && line.key() != null) {
        String type = KeyUtils.getKeyType(line.key());
        if (type != null && !types.contains(type)) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /**
   * What else the file says about a key that is not pinned under {@code host}'s name: the same key
   * pinned for other names (a clone, or an address that now reaches another inventory host), or
   * the address pinned without a name. Null when the file says nothing.
   */
  private String note(Host host, PublicKey presented) {
    Set<String> others = new LinkedHashSet<>();
    for (PinLine line : lines) {
      if (line.plain() && line.holds(presented)) {
        others.add(line.patterns() + " (" + line.where() + ")");
      }
    }
    if (!others.isEmpty()) {
      return "this key is pinned only for " + String.join(", ", others) + ", not for the name " + host.name()
          + (host.port() == 22 ? "" : " on port " + host.port()) + ": it may be another machine (a clone, or an address that now"
          + " reaches another host)";
    }
    for (PinLine line : lines) {
      if (line.plain() && line.addresses(host)) {
        return "the address " + hostPattern(host) + " is pinned (" + line.where()
            + ") with another key and for another name; the address may now reach another machine";
      }
    }
    return null;
  }

  /**
   * Appends a pin binding {@code key} to {@code host}'s name (and address, for OpenSSH), with its
   * machine-id when known, and returns the new pins.
   */
  public KnownHosts pin(Host host, PublicKey key, String machineId) {
    String rest = " " + PublicKeyEntry.toString(key) + (machineId == null ? "" : " " + PinLine.MACHINE_ID + machineId);
    String line = hashed()
        ? String.join(System.lineSeparator(), java.util.Arrays.stream(patterns(host).split(",")).map(p -> HashedPattern.of(p) + rest).toList())
        : patterns(host) + rest;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean created = !Files.exists(file);
      byte[] prefix = needsNewline() ? System.lineSeparator().getBytes(StandardCharsets.UTF_8) : new byte[0];
      Files.write(file, concat(prefix, (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (created) {
        trySetOwnerOnly(file);
      }
    } catch (IOException e) {
      throw SteadyException.badInput("cannot write known hosts file " + file + " (" + oneLine(e) + "); check its permissions or pass --known-hosts FILE", e);
    }
    return load(file);
  }

  /** As {@link #pin(Host, PublicKey, String)} without a machine-id. */
  public KnownHosts pin(Host host, PublicKey key) {
    return pin(host, key, null);
  }

  /**
   * Replaces every pin of {@code host}'s name by {@code key}: after a reviewed rebuild the old key
   * must stop being accepted. Lines of other names, and {@code @revoked} lines, are kept as they are.
   */
  public KnownHosts replace(Host host, PublicKey key, String machineId) {
    rewrite(line -> !(line.plain() && line.names(host)), null);
    return pin(host, key, machineId);
  }

  /** Records {@code machineId} on the pins of {@code host}'s name that hold {@code key}, keeping everything else. */
  public KnownHosts recordMachineId(Host host, PublicKey key, String machineId) {
    rewrite(line -> true, line -> line.plain() && line.names(host) && line.holds(key) ? line.withMachineId(machineId) : null);
    return load(file);
  }

  /** Rewrites the file atomically: entries failing {@code keep} are dropped, {@code edit} may replace a kept entry's text. */
  private void rewrite(Predicate<PinLine> keep, java.util.function.Function<PinLine, String> edit) {
    if (!Files.exists(file)) {
      return;
    }
    KnownHosts now = load(file); // as it is now: another process may have added a pin since this one was read
    try {
      List<String> out = new ArrayList<>();
      List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < text.size(); i++) {
        String raw = text.get(i);
        PinLine line = now.entryAt(i + 1);
        if (line == null || keep.test(line)) {
          String edited = line == null || edit == null ? null : edit.apply(line);
          out.add(edited == null ? raw : edited);
        }
      }
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".known_hosts", ".tmp");
      try {
        Files.write(tmp, out, StandardCharsets.UTF_8);
        copyPermissions(file, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw SteadyException.badInput("cannot rewrite known hosts file " + file + " (" + oneLine(e) + "); check its permissions", e);
    }
  }

  /** True when the file's pins are hashed (ssh-keygen -H, HashKnownHosts): new pins are written hashed too. */
  private boolean hashed() {
    return lines.stream().anyMatch(l -> l.patterns().startsWith("|1|"));
  }

  private PinLine entryAt(int number) {
    return lines.stream().filter(l -> l.number() == number).findFirst().orElse(null);
  }

  /**
   * The known_hosts host field steady writes for a host: its name and address, {@code name,address}
   * on port 22, else {@code [name]:port,[address]:port}; once when they are equal; its HostKeyAlias
   * alone when the ssh config sets one.
   */
  public static String patterns(Host host) {
    if (host.ssh().hostKeyAlias() != null) {
      return host.ssh().hostKeyAlias(); // OpenSSH keys an alias alone, without address or port
    }
    String name = host.port() == 22 ? host.name() : "[" + host.name() + "]:" + host.port();
    String address = hostPattern(host);
    return name.equals(address) ? name : name + "," + address;
  }

  /** The known_hosts host field for a host's address: {@code address} on port 22, else {@code [address]:port}. */
  public static String hostPattern(Host host) {
    return host.port() == 22 ? host.address() : "[" + host.address() + "]:" + host.port();
  }

  /** OpenSSH's SHA-256 fingerprint, e.g. {@code SHA256:Xb3…}; of the certified key for a certificate. */
  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, plain(key));
  }

  /** The key itself: a host certificate's certified key, else {@code key} (pins hold keys, never certificate blobs). */
  public static PublicKey plain(PublicKey key) {
    return key instanceof OpenSshCertificate certificate ? certificate.getCertPubKey() : key;
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

  private static void copyPermissions(Path from, Path to) {
    try {
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: non-POSIX file systems keep their defaults
    }
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
