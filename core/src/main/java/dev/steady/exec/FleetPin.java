package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.identity.Identity;
import dev.steady.identity.KeyVerdict;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.ConnectFailed;
import dev.steady.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trust on first use, reviewed: fetch the keys hosts present (key exchange only, never a login),
 * show them, and pin them only after the operator types the token of exactly that review.
 */
public final class FleetPin {

  private final Transport transport;
  private final AuditLog audit;

  public FleetPin(Transport transport, AuditLog audit) {
    this.transport = transport;
    this.audit = audit;
  }

  /** What one host presented; {@code key} and {@code verdict} are null when it was unreachable. */
  public record Probed(Host host, PublicKey key, KeyVerdict verdict, Identity failure) {

    /** new, pinned (already), CHANGED, REVOKED or unreachable. */
    public String status() {
      return switch (verdict) {
        case null -> "unreachable";
        case KeyVerdict.Unknown u -> "new";
        case KeyVerdict.Pinned p -> "pinned";
        case KeyVerdict.Changed c -> "CHANGED";
        case KeyVerdict.Revoked r -> "REVOKED";
      };
    }

    public String fingerprint() {
      return key == null ? null : KnownHosts.fingerprint(key);
    }
  }

  /** Fetches every host's key and judges it against {@code pins}. */
  public List<Probed> probe(List<Host> hosts, KnownHosts pins, int concurrency) {
    return FanOut.run(hosts, concurrency, host -> probeOne(host, pins), p -> {});
  }

  private Probed probeOne(Host host, KnownHosts pins) {
    try {
      PublicKey key = transport.probeHostKey(host);
      return new Probed(host, key, pins.judge(host, key), null);
    } catch (ConnectFailed e) {
      return new Probed(host, null, null, e.identity());
    }
  }

  /** The confirmation token of a review: it changes if any host or key in it changes. */
  public static String token(List<Probed> toPin) {
    StringBuilder review = new StringBuilder();
    toPin.forEach(p -> review.append(p.host().name()).append(' ').append(p.fingerprint()).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(review.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  /** The hosts a pin would write: new keys, and changed keys when {@code replace}. */
  public static List<Probed> toPin(List<Probed> probed, boolean replace) {
    return probed.stream().filter(p -> "new".equals(p.status()) || (replace && "CHANGED".equals(p.status()))).toList();
  }

  /**
   * Writes the pins of {@code toPin} after checking {@code typedToken}; a changed key is replaced
   * (its old pins removed) only with {@code replace}.
   */
  public KnownHosts pin(KnownHosts pins, List<Probed> probed, boolean replace, String typedToken) {
    List<Probed> changed = probed.stream().filter(p -> "CHANGED".equals(p.status()) || "REVOKED".equals(p.status())).toList();
    if (!changed.isEmpty() && !replace) {
      throw SteadyException.refused(changed.size() + " host(s) present a key other than the pinned one ("
          + String.join(", ", changed.stream().map(p -> p.host().name()).toList())
          + "); nothing was pinned; verify the new keys with the hosts' owners, then rerun with --replace");
    }
    List<Probed> toPin = toPin(probed, replace);
    String expected = token(toPin);
    if (!expected.equals(typedToken)) {
      throw SteadyException.refused("confirmation token '" + typedToken + "' does not match this review (" + expected
          + "); nothing was pinned; review the fingerprints again and type the token shown");
    }
    KnownHosts current = pins;
    for (Probed p : toPin) {
      current = "CHANGED".equals(p.status()) ? current.replace(p.host(), p.key()) : current.pin(p.host(), p.key());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("fingerprint", p.fingerprint());
      data.put("address", p.host().address() + ":" + p.host().port());
      data.put("replaced", "CHANGED".equals(p.status()));
      data.put("known_hosts", pins.file().toString());
      audit.append("pin", p.host().name(), null, data);
    }
    return current;
  }
}
