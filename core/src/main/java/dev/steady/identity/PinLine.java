package dev.steady.identity;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One entry of a known_hosts file with its line number, its key (null when the key cannot be
 * read) and the {@code /etc/machine-id} steady recorded in its comment ({@value #MACHINE_ID}).
 */
record PinLine(int number, String text, KnownHostEntry entry, PublicKey key, String machineId) {

  /** The comment word that records a host's machine-id next to its pinned key. */
  static final String MACHINE_ID = "steady-machine-id=";

  private static final Pattern MACHINE_ID_WORD = Pattern.compile("(?:^|\\s)" + Pattern.quote(MACHINE_ID) + "(\\S+)");

  /** Parses one line that is neither blank nor a comment; throws IllegalArgumentException when it is not an entry. */
  static PinLine parse(int number, String text) {
    KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(text);
    if (entry == null || entry.getKeyEntry() == null) {
      throw new IllegalArgumentException("not a known_hosts entry");
    }
    Matcher m = MACHINE_ID_WORD.matcher(comment(text));
    return new PinLine(number, text, entry, resolve(entry), m.find() ? m.group(1) : null);
  }

  /** The words after the key: [marker] patterns type base64 comment… */
  private static String comment(String text) {
    String[] fields = text.strip().split("\\s+");
    int commentAt = (fields[0].startsWith("@") ? 2 : 1) + 2;
    return commentAt < fields.length ? String.join(" ", java.util.Arrays.copyOfRange(fields, commentAt, fields.length)) : "";
  }

  /** A pin, as opposed to an {@code @revoked} or {@code @cert-authority} line. */
  boolean plain() {
    return entry.getMarker() == null || entry.getMarker().isEmpty();
  }

  boolean revoked() {
    return "revoked".equalsIgnoreCase(entry.getMarker());
  }

  /** True when a pattern of this line matches the host's inventory name (on the host's port). */
  boolean names(Host host) {
    return matches(host.name(), host.port());
  }

  /** True when a pattern of this line matches the address steady connects to. */
  boolean addresses(Host host) {
    return matches(host.address(), host.port());
  }

  boolean holds(PublicKey presented) {
    return key != null && KeyUtils.compareKeys(key, presented);
  }

  /** The host patterns as written (hashed ones stay hashed): for messages. */
  String patterns() {
    String[] fields = text.strip().split("\\s+");
    return fields[0].startsWith("@") && fields.length > 1 ? fields[1] : fields[0];
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

  private boolean matches(String name, int port) {
    try {
      return entry.isHostMatch(name, port);
    } catch (RuntimeException e) {
      return false; // a malformed hashed pattern matches nothing
    }
  }

  private static PublicKey resolve(KnownHostEntry entry) {
    try {
      return entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
