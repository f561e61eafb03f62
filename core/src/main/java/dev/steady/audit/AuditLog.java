package dev.steady.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The audit log as front ends use it: append what happened, show the tail, verify the chain.
 * Invariant 6: the log is append-only and {@link #verify()} finds any edited, removed or reordered
 * entry.
 */
public final class AuditLog {

  private final AuditStorage storage;
  private final String actor;
  private final Clock clock;
  private final Function<Supplier<AuditEntry>, AuditEntry> appends;
  private final Checkpoints checkpoints;

  /**
   * @param storage where entries are kept, normally a {@code dev.steady.store.Store}
   * @param actor who is at the keyboard, normally {@link #currentActor()}
   */
  public AuditLog(AuditStorage storage, String actor) {
    this(storage, actor, Clock.systemUTC());
  }

  AuditLog(AuditStorage storage, String actor, Clock clock) {
    this(storage, actor, clock, Supplier::get, null);
  }

  private AuditLog(AuditStorage storage, String actor, Clock clock, Function<Supplier<AuditEntry>, AuditEntry> appends,
      Checkpoints checkpoints) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.appends = appends;
    this.checkpoints = checkpoints;
  }

  /**
   * The same log whose appends run through {@code around}, which calls the append it is given (and
   * may call it again): a run's appends wait out a store outage as its row transitions do.
   */
  public AuditLog appendingThrough(Function<Supplier<AuditEntry>, AuditEntry> around) {
    return new AuditLog(storage, actor, clock, Objects.requireNonNull(around, "around"), checkpoints);
  }

  /**
   * The same log, reporting each append to {@code checkpoints}, which writes a checkpoint when one
   * is due (and at its {@link Checkpoints#flush()}).
   */
  public AuditLog anchoredBy(Checkpoints checkpoints) {
    return new AuditLog(storage, actor, clock, appends, Objects.requireNonNull(checkpoints, "checkpoints"));
  }

  /** Who this log's entries are written as: the user the work is done for. */
  public String actor() {
    return actor;
  }

  /** {@code user@host} of this controller, without a DNS lookup when the OS can tell. */
  public static String currentActor() {
    return System.getProperty("user.name", "unknown") + "@" + hostName();
  }

  /** Appends one entry now; {@code host}, {@code run} and {@code data} may be null. */
  public AuditEntry append(String action, String host, String run, Map<String, ?> data) {
    Map<String, Object> copy = data == null ? Map.of() : new LinkedHashMap<>(data);
    AuditRecord record = new AuditRecord(Instant.now(clock), actor, action, host, run, copy);
    AuditEntry entry = appends.apply(() -> storage.appendAudit(record));
    if (checkpoints != null) {
      checkpoints.appended(entry);
    }
    return entry;
  }

  /**
   * The head of this store's log now, as a checkpoint for the team to keep elsewhere.
   *
   * @throws AuditHeadUnreadable when the head row or the store id is missing or malformed
   */
  public Checkpoint head() {
    String store = storage.storeId().orElseThrow(AuditHeadUnreadable::noStoreId);
    AuditHead head = storage.auditHead();
    return new Checkpoint(store, head.seq(), head.hash(), Instant.now(clock));
  }

  /**
   * Checks every entry's hash, every link, the sequence and the head, streaming the log. This finds
   * any change short of a rewrite from some entry on with the head updated to match; for that, see
   * {@link #verify(Anchors)}.
   */
  public VerifyResult verify() {
    return Verification.run(storage, null);
  }

  /**
   * Checks the chain as {@link #verify()} does, and that every checkpoint of this store in {@code
   * anchors} holds: the entry it names exists with exactly its hash, and its signature verifies. A
   * rewrite is found up to the newest checkpoint; entries after it have the chain alone.
   */
  public VerifyResult verify(Anchors anchors) {
    return Verification.run(storage, Objects.requireNonNull(anchors, "anchors"));
  }

  /** The newest {@code limit} entries, of {@code run} when it is not null, oldest first. */
  public List<AuditEntry> tail(int limit, String run) {
    return storage.auditTail(limit, run);
  }

  /** The newest {@code limit} entries filed under any of {@code runs} (a run, its plan), oldest first. */
  public List<AuditEntry> tailOf(int limit, List<String> runs) {
    return storage.auditTailOf(limit, runs);
  }

  /** The newest {@code action} entry of each of {@code hosts} that has one (e.g. the last identity check). */
  public Map<String, AuditEntry> latestPerHost(String action, List<String> hosts) {
    return storage.latestPerHost(action, hosts);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env == null || env.isBlank()) {
      env = System.getenv("COMPUTERNAME");
    }
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    for (String file : List.of("/proc/sys/kernel/hostname", "/etc/hostname")) {
      try {
        String name = Files.readString(Path.of(file)).strip();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or not readable: try the next source
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
