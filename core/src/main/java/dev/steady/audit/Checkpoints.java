package dev.steady.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes this controller's checkpoints of a store's audit head to its anchor file (invariant 6):
 * during long work at most once per {@link #EVERY} however many entries are appended (an apply
 * appends thousands), and at the end with {@link #flush()}, never one per append. Thread-safe:
 * the appends of a run's hosts all report here. The key is loaded (or made) at the first write.
 */
public final class Checkpoints {

  /** The most often a checkpoint is written while entries are appended. */
  public static final Duration EVERY = Duration.ofSeconds(10);

  private final AuditStorage storage;
  private final AnchorFile file;
  private final Path keyFile;
  private final Clock clock;
  private final Duration every;
  private AnchorKey key;
  private String store;
  private AuditEntry newest;
  private long writtenSeq = -1;
  private String writtenHash;
  private Instant lastWrite;

  Checkpoints(AuditStorage storage, AnchorFile file, Path keyFile, Clock clock, Duration every) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.file = Objects.requireNonNull(file, "file");
    this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.every = Objects.requireNonNull(every, "every");
    this.lastWrite = clock.instant();
  }

  /**
   * Checkpoints of {@code storage} into {@code file}, signed with the key in {@code keyFile}.
   *
   * @throws dev.steady.failure.SteadyException bad input when the key file is open to others:
   *     refused before any work, not discovered at the end
   */
  public static Checkpoints open(AuditStorage storage, AnchorFile file, Path keyFile) {
    AnchorKey.checkPermissions(keyFile);
    return new Checkpoints(storage, file, keyFile, Clock.systemUTC(), EVERY);
  }

  /** The anchor file written to. */
  public AnchorFile file() {
    return file;
  }

  /**
   * Notes an appended entry, and checkpoints the newest one when the last checkpoint is {@link
   * #EVERY} old. A failure here is left for {@link #flush()} to retry and report.
   */
  public synchronized void appended(AuditEntry entry) {
    if (newest == null || entry.seq() > newest.seq()) {
      newest = entry;
    }
    if (!clock.instant().isBefore(lastWrite.plus(every))) {
      try {
        write(newest.seq(), newest.hash());
      } catch (RuntimeException e) {
        lastWrite = clock.instant(); // retried when due again, and by flush
      }
    }
  }

  /**
   * Checkpoints the newest appended entry, unless that checkpoint is written already.
   *
   * @return what was written, empty when nothing was appended since the last checkpoint
   * @throws dev.steady.failure.SteadyException when the anchor file or key cannot be used
   * @throws AuditHeadUnreadable when the store has no id
   */
  public synchronized Optional<Checkpoint> flush() {
    if (newest == null || newest.seq() == writtenSeq) {
      return Optional.empty();
    }
    return Optional.of(write(newest.seq(), newest.hash()));
  }

  /**
   * Checkpoints the store's head as it is now, unless it is the last one written: for a front end
   * whose appends go through many logs (the console), called every {@link #EVERY}.
   *
   * @throws dev.steady.failure.SteadyException when the anchor file or key cannot be used
   * @throws AuditHeadUnreadable when the head or the store id is missing
   */
  public synchronized Optional<Checkpoint> poll() {
    AuditHead head = storage.auditHead();
    if (head.seq() == 0 || head.seq() == writtenSeq && head.hash().equals(writtenHash)) {
      return Optional.empty();
    }
    return Optional.of(write(head.seq(), head.hash()));
  }

  private Checkpoint write(long seq, String hash) {
    if (store == null) {
      store = storage.storeId().orElseThrow(AuditHeadUnreadable::noStoreId);
    }
    if (key == null) {
      key = AnchorKey.loadOrCreate(keyFile);
    }
    Checkpoint checkpoint = new Checkpoint(store, seq, hash, clock.instant());
    file.append(AnchorLine.sign(checkpoint, key));
    writtenSeq = seq;
    writtenHash = hash;
    lastWrite = clock.instant();
    return checkpoint;
  }
}
