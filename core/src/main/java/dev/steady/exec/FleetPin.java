package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.identity.Identity;
import dev.steady.identity.KeyVerdict;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.ConnectFailed;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trust on first use, reviewed: fetch the keys hosts present (key exchange only, no login), show
 * them, and pin them under each host's name only after the operator types the token of exactly
 * that review. Once a key is pinned, steady logs in through the identity gate (so {@code hostname}
 * is checked) and records the host's {@code /etc/machine-id} with the pin: a clone that copied the
 * key and the name is then still told apart.
 */
public final class FleetPin {

  private final Transport transport;
  private final IdentityGate gate;
  private final AuditLog audit;

  public FleetPin(Transport transport, AuditLog audit) {
    this.transport = transport;
    this.gate = new IdentityGate(transport);
    this.audit = audit;
  }

  /**
   * What one host presented. {@code key} and {@code verdict} are null when it was unreachable;
   * {@code identity} is what the identity gate said of a host whose key is pinned already (null
   * otherwise).
   */
  public record Probed(Host host, PublicKey key, KeyVerdict verdict, Identity failure, Identity identity) {

    /** new, pinned (already), CHANGED, REVOKED, MACHINE-ID CHANGED, HOSTNAME MISMATCH or unreachable. */
    public String status() {
      return switch (verdict) {
        case null -> "unreachable";
        case KeyVerdict.Unknown u -> "new";
        case KeyVerdict.Pinned p -> identity instanceof Identity.MachineIdMismatch ? "MACHINE-ID CHANGED"
            : identity instanceof Identity.HostnameMismatch ? "HOSTNAME MISMATCH" : "pinned";
        case KeyVerdict.Changed c -> "CHANGED";
        case KeyVerdict.Revoked r -> "REVOKED";
      };
    }

    public String fingerprint() {
      return key == null ? null : KnownHosts.fingerprint(key);
    }

    /** What the pins file says besides the verdict (another name holding this key…), or null. */
    public String note() {
      return verdict instanceof KeyVerdict.Unknown u ? u.note() : identity != null && !(identity instanceof Identity.Verified)
          ? identity.message() : null;
    }

    /** The machine-id the host answered on a verified or machine-id-refused connection, or null. */
    String answeredMachineId() {
      return identity instanceof Identity.Verified v ? v.machineId()
          : identity instanceof Identity.MachineIdMismatch m ? m.answered() : null;
    }

    /** A pinned host whose pin has no machine-id yet, but the host has one: recorded without a token (it only tightens). */
    public boolean machineIdToRecord() {
      return verdict instanceof KeyVerdict.Pinned p && p.machineId() == null && identity instanceof Identity.Verified v
          && v.machineId() != null && host.expectMachineId() == null;
    }
  }

  /** What a pin did for one host. */
  public record Pinned(Host host, String fingerprint, String action, String machineId, String note) {}

  /**
   * Fetches every host's key and judges it against {@code pins}; hosts already pinned are also asked
   * who they are. The bastions the hosts are reached through come first, each once: a host behind a
   * bastion that is not pinned yet is probed once the bastion's pin is written (run pin again).
   */
  public List<Probed> probe(List<Host> hosts, KnownHosts pins, int concurrency) {
    return probe(hosts, h -> pins, concurrency);
  }

  /** As {@link #probe(List, KnownHosts, int)}, each host judged by its own known_hosts files ({@link dev.steady.identity.PinFiles#now}). */
  public List<Probed> probe(List<Host> hosts, java.util.function.Function<Host, KnownHosts> pinsOf, int concurrency) {
    java.util.Map<String, Host> all = new java.util.LinkedHashMap<>();
    for (Host host : hosts) {
      host.ssh().jumps().forEach(hop -> all.putIfAbsent(hop.pinName() + " " + hop.port(), hop));
    }
    hosts.forEach(host -> all.putIfAbsent(host.pinName() + " " + host.port() + " " + host.name(), host));
    return FanOut.run(List.copyOf(all.values()), concurrency, host -> probeOne(host, pinsOf.apply(host)), p -> {});
  }

  private Probed probeOne(Host host, KnownHosts pins) {
    PublicKey key;
    try {
      key = transport.probeHostKey(host);
    } catch (ConnectFailed e) {
      return new Probed(host, null, null, e.identity(), null);
    }
    KeyVerdict verdict = pins.judge(host, key);
    key = KnownHosts.plain(key); // a host certificate is pinned as its key, never as the certificate
    Identity identity = null;
    if (verdict instanceof KeyVerdict.Pinned) {
      Reached reached = gate.open(host.withBecome(null), audit, null, Map.of("purpose", "pin review")); // proves, acts not: no sudo
      if (reached instanceof Reached.Verified v) {
        v.connection().close();
      }
      identity = reached.identity();
    }
    return new Probed(host, key, verdict, null, identity);
  }

  /** The confirmation token of a review: it changes if any host, key or machine-id in it changes. */
  public static String token(List<Probed> toPin) {
    StringBuilder review = new StringBuilder();
    toPin.forEach(p -> review.append(p.host().name()).append(' ').append(p.fingerprint()).append(' ')
        .append(p.answeredMachineId()).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(review.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  /** The hosts a pin would write and needs the token for: new keys, and with {@code replace} changed keys and machine-ids. */
  public static List<Probed> toPin(List<Probed> probed, boolean replace) {
    return probed.stream().filter(p -> "new".equals(p.status())
        || (replace && ("CHANGED".equals(p.status()) || "MACHINE-ID CHANGED".equals(p.status())))).toList();
  }

  /** Pinned hosts whose pin lacks the machine-id they answer: recorded by every pin, no token needed. */
  public static List<Probed> machineIdsToRecord(List<Probed> probed) {
    return probed.stream().filter(Probed::machineIdToRecord).toList();
  }

  /**
   * Writes the pins of {@code toPin} after checking {@code typedToken} (a changed key or machine-id
   * is replaced only with {@code replace}), then logs in to each newly pinned host through the
   * identity gate and records its machine-id; also records the machine-ids still missing.
   */
  public List<Pinned> pin(KnownHosts pins, List<Probed> probed, boolean replace, String typedToken) {
    return pin(h -> pins, probed, replace, typedToken);
  }

  /** As {@link #pin(KnownHosts, List, boolean, String)}, each pin written to its host's own user known_hosts file. */
  public List<Pinned> pin(java.util.function.Function<Host, KnownHosts> pinsOf, List<Probed> probed, boolean replace,
      String typedToken) {
    List<Probed> changed = probed.stream().filter(p -> List.of("CHANGED", "REVOKED", "MACHINE-ID CHANGED").contains(p.status())).toList();
    if (!changed.isEmpty() && !replace) {
      throw SteadyException.refused(changed.size() + " host(s) present a key or machine-id other than the pinned one ("
          + String.join(", ", changed.stream().map(p -> p.host().name()).toList())
          + "); nothing was pinned; verify them with the hosts' owners, then rerun with --replace");
    }
    List<Probed> toPin = toPin(probed, replace);
    String expected = token(toPin);
    if (!toPin.isEmpty() && !expected.equals(typedToken)) {
      throw SteadyException.refused("confirmation token '" + typedToken + "' does not match this review (" + expected
          + "); nothing was pinned; review the fingerprints again and type the token shown");
    }
    List<Pinned> done = new ArrayList<>();
    for (Probed p : toPin) {
      KnownHosts pins = pinsOf.apply(p.host());
      done.add(switch (p.status()) {
        case "MACHINE-ID CHANGED" -> record(pins, p, p.answeredMachineId(), "machine-id replaced");
        case "CHANGED" -> keyThenMachineId(pins.replace(p.host(), p.key(), null), p, "replaced");
        default -> keyThenMachineId(pins.pin(p.host(), p.key(), null), p, "pinned");
      });
    }
    for (Probed p : machineIdsToRecord(probed)) {
      done.add(record(pinsOf.apply(p.host()), p, p.answeredMachineId(), "machine-id recorded"));
    }
    return done;
  }

  /** The key is pinned now: log in through the gate (hostname checked) and record the machine-id it answers. */
  private Pinned keyThenMachineId(KnownHosts pins, Probed p, String action) {
    Reached reached = gate.open(p.host().withBecome(null), audit, null, Map.of("purpose", "pin"));
    String machineId = null;
    String note = null;
    if (reached instanceof Reached.Verified v) {
      v.connection().close();
      machineId = v.connection().identity().machineId();
      if (machineId != null && p.host().expectMachineId() == null) {
        pins.recordMachineId(p.host(), p.key(), machineId);
      }
    } else {
      note = "pinned, but " + reached.identity().message();
    }
    audit(pins, p, action, machineId);
    return new Pinned(p.host(), p.fingerprint(), action, machineId, note);
  }

  private Pinned record(KnownHosts pins, Probed p, String machineId, String action) {
    pins.recordMachineId(p.host(), p.key(), machineId);
    audit(pins, p, action, machineId);
    return new Pinned(p.host(), p.fingerprint(), action, machineId, null);
  }

  private void audit(KnownHosts pins, Probed p, String action, String machineId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("fingerprint", p.fingerprint());
    data.put("address", p.host().address() + ":" + p.host().port());
    data.put("action", action);
    data.put("replaced", action.endsWith("replaced"));
    data.put("machine_id", machineId);
    data.put("known_hosts", pins.file().toString());
    audit.append("pin", p.host().name(), null, data);
  }
}
