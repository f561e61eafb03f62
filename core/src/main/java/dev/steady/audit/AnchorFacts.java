package dev.steady.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What an anchor file vouched for when {@code audit verify} consulted it: the part of the log its
 * checkpoints protect. Entries after {@code anchoredSeq} are protected by the chain alone.
 *
 * @param file the anchor file
 * @param store the store's id, null when the store has none (its row was removed)
 * @param checkpoints how many checkpoints of this store the file holds
 * @param anchoredSeq the newest entry a checkpoint of this store names, 0 when there is none
 * @param anchoredAt when that checkpoint was taken, null when there is none
 * @param keys the public keys that signed this store's checkpoints, in file order
 * @param required whether the user named the file (then no checkpoint is a failure)
 */
public record AnchorFacts(Path file, String store, int checkpoints, long anchoredSeq, Instant anchoredAt,
    List<String> keys, boolean required) {

  public AnchorFacts {
    keys = List.copyOf(keys);
  }
}
