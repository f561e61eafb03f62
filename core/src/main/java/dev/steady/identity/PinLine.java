package dev.steady.identity;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One entry of a known_hosts file with its line number, its key (null when the key cannot be
 * read) and the {@code /etc/machine-id} steady recorded in its comment ({@value #MACHINE_ID}).
 */
record PinLine(java.nio.file.Path file, int number, String text, String marker, String patterns, PublicKey key, String machineId) {

  /** The comment word that records a host's machine-id next to its pinned key. */
  static final String MACHINE_ID = "steady-machine-id=";

  private static final Pattern MACHINE_ID_WORD = Pattern.compile("(?:^|\\s)" + Pattern.quote(MACHINE_ID) + "(\\S+)");

  /**
   * Parses one line that is neither blank nor a comment — {@code [@marker] patterns keytype base64
   * [comment…]} — and throws IllegalArgumentException when it is not an entry. A key of a type this
   * JDK cannot read is kept as null: it never matches.
   */
  static PinLine parse(java.nio.file.Path file, int number, String text) {
    String[] fields = text.strip().split("\\s+");
    int at = fields[0].startsWith("@") ? 1 : 0;
    if (fields.length < at + 3) {
      throw new IllegalArgumentException("expected [@marker] hosts keytype key");
    }
    String marker = at == 1 ? fields[0].substring(1) : null;
    if (marker != null && !marker.equalsIgnoreCase("revoked") && !marker.equalsIgnoreCase("cert-authority")) {
      throw new IllegalArgumentException("unknown marker @" + marker);
    }
    String comment = String.join(" ", java.util.Arrays.copyOfRange(fields, at + 3, fields.length));
    Matcher m = MACHINE_ID_WORD.matcher(comment);
    return new PinLine(file, number, text, marker, fields[at], resolve(fields[at + 1], fields[at + 2]), m.find() ? m.group(1) : null);
  }

  /** {@code FILE line N}, for messages. */
  String where() {
    return file + " line " + number;
  }

  /** A pin, as opposed to an {@code @revoked} or {@code @cert-authority} line. */
  boolean plain() {
    return marker == null;
  }

  boolean revoked() {
    return "revoked".equalsIgnoreCase(marker);
  }

  /** An {@code @cert-authority} line: hosts it matches are trusted when they present a host certificate signed by its key. */
  boolean certAuthority() {
    return "cert-authority".equalsIgnoreCase(marker);
  }

  /**
   * True when a pattern of this line matches the host's inventory name (on the host's port), or its
   * HostKeyAlias (without a port, as OpenSSH looks an alias up).
   */
  boolean names(Host host) {
    return host.ssh().hostKeyAlias() != null ? matches(host.ssh().hostKeyAlias(), 22) : matches(host.name(), host.port());
  }

  /** True when a pattern of this line matches the address steady connects to. */
  boolean addresses(Host host) {
    return matches(host.address(), host.port());
  }

  boolean holds(PublicKey presented) {
    return key != null && KeyUtils.compareKeys(key, presented);
  }


  /** This line with its machine-id comment set to {@code machineId} (other comment words kept). */
  String withMachineId(String machineId) {
    String[] fields = text.strip().split("\\s+", -1);
    int keyAt = fields[0].startsWith("@") ? 2 : 1;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= keyAt + 1 && i < fields.length; i++) {
      b.append(i == 0 ? "" : " ").append(fields[i]);
    }
    b.append(' ').append(MACHINE_ID).append(machineId);
    for (int i = keyAt + 2; i < fields.length; i++) {
      if (!fields[i].startsWith(MACHINE_ID) && !fields[i].isEmpty()) {
        b.append(' ').append(fields[i]);
      }
    }
    return b.toString();
  }

  /**
   * OpenSSH's matching: the host is looked up as {@code name} on port 22, else {@code [name]:port};
   * each comma-separated pattern is a wildcard ({@code *}, {@code ?}, case-insensitive), a negated
   * one ({@code !pattern}) excludes, a hashed one ({@code |1|salt|hash}) is the HMAC-SHA1 of the
   * lookup. So {@code @revoked * KEY} and {@code [*]:*} revoke a key on every host and port.
   */
  private boolean matches(String name, int port) {
    String lookup = (port == 22 ? name : "[" + name + "]:" + port).toLowerCase(java.util.Locale.ROOT);
    boolean matched = false;
    for (String pattern : patterns().split(",")) {
      boolean negated = pattern.startsWith("!");
      String body = negated ? pattern.substring(1) : pattern;
      boolean hit = body.startsWith("|1|") ? HashedPattern.matches(body, lookup) : wildcard(body.toLowerCase(java.util.Locale.ROOT), lookup);
      if (hit && negated) {
        return false;
      }
      matched |= hit;
    }
    return matched;
  }

  private static boolean wildcard(String pattern, String text) {
    return wildcard(pattern, 0, text, 0);
  }

  private static boolean wildcard(String p, int pi, String t, int ti) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = ti; k <= t.length(); k++) {
          if (wildcard(p, pi + 1, t, k)) {
            return true;
          }
        }
        return false;
      }
      if (ti >= t.length() || (c != '?' && c != t.charAt(ti))) {
        return false;
      }
      pi++;
      ti++;
    }
    return ti == t.length();
  }

  private static PublicKey resolve(String type, String base64) {
    try {
      return PublicKeyEntry.parsePublicKeyEntry(type + " " + base64).resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
