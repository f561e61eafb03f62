package dev.steady.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the streamed log against one store's checkpoints: each named entry must exist with exactly
 * the hash the signed line gives. Keeps one hash per checkpointed entry, never the log.
 */
final class AnchorCheck {

  private final Anchors anchors;
  private final String store;
  private final List<AnchorLine> lines;
  private final Map<Long, String> seen = new HashMap<>();
  private long last;
  private Long firstBad;
  private String reason;

  /** @param store the store's id, or null when it has none (then no line applies) */
  AnchorCheck(Anchors anchors, String store) {
    this.anchors = anchors;
    this.store = store;
    this.lines = store == null ? List.of() : anchors.of(store);
    for (AnchorLine line : lines) {
      if (line.checkpoint().seq() > 0) {
        seen.put(line.checkpoint().seq(), null);
      }
    }
  }

  void accept(AuditEntry entry) {
    last = Math.max(last, entry.seq());
    if (seen.containsKey(entry.seq())) {
      seen.put(entry.seq(), entry.hash());
    }
  }

  /** Finds the first entry (by seq) a checkpoint shows bad, and why; see {@link #firstBad()}. */
  void finish() {
    Set<Long> matched = new TreeSet<>();
    for (AnchorLine line : lines) {
      long seq = line.checkpoint().seq();
      if (hash(seq) != null && hash(seq).equals(line.checkpoint().hash())) {
        matched.add(seq);
      }
    }
    // Newest first: of several checkpoints showing the same first bad entry, the one reported
    // vouches for the most.
    lines.stream().sorted(Comparator.comparingLong((AnchorLine l) -> l.checkpoint().seq()).reversed())
        .forEach(line -> check(line, matched));
  }

  private String hash(long seq) {
    return seq == 0 ? AuditChain.GENESIS : seen.get(seq);
  }

  private void check(AnchorLine line, Set<Long> matched) {
    Checkpoint c = line.checkpoint();
    long seq = c.seq();
    if (!line.signatureVerifies()) {
      fail(seq, "entry " + seq + ": " + where(line) + " has a signature that does not verify (line edited or forged?)");
    } else if (hash(seq) == null && seq > last) {
      fail(last + 1, "entry " + (last + 1) + ": missing, but " + where(line) + " says the log reached entry " + seq
          + " (entries removed and the head reset?)");
    } else if (hash(seq) == null) {
      fail(seq, "entry " + seq + ": missing, but " + where(line) + " says it existed (removed?)");
    } else if (!hash(seq).equals(c.hash())) {
      long since = matched.stream().filter(m -> m < seq).max(Long::compare).orElse(0L) + 1;
      fail(seq, "entry " + seq + ": hash differs from " + where(line) + " (entries " + since + ".." + seq
          + " rewritten and re-hashed?)");
    }
  }

  private String where(AnchorLine line) {
    return "the checkpoint in " + anchors.file() + " line " + line.number() + " of "
        + AuditChain.formatAt(line.checkpoint().at());
  }

  private void fail(long seq, String why) {
    if (firstBad == null || seq < firstBad) {
      firstBad = seq;
      reason = why;
    }
  }

  /** The first bad entry the checkpoints show, null when they all hold. */
  Long firstBad() {
    return firstBad;
  }

  String reason() {
    return reason;
  }

  AnchorFacts facts() {
    AnchorLine newest = null;
    Set<String> keys = new LinkedHashSet<>();
    for (AnchorLine line : lines) {
      keys.add(line.key());
      if (newest == null || line.checkpoint().seq() > newest.checkpoint().seq()
          || line.checkpoint().seq() == newest.checkpoint().seq() && line.checkpoint().at().isAfter(newest.checkpoint().at())) {
        newest = line;
      }
    }
    return new AnchorFacts(anchors.file(), store, lines.size(), newest == null ? 0 : newest.checkpoint().seq(),
        newest == null ? null : newest.checkpoint().at(), new ArrayList<>(keys), anchors.required());
  }
}
