package dev.steady.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The checkpoints of one anchor file, as {@link AnchorFile#read} found them, for {@link
 * AuditLog#verify(Anchors)}.
 *
 * @param file where they were read
 * @param lines every checkpoint line, of every store, in file order
 * @param required whether the user named the file: then having no checkpoint of the store is a
 *     failed verification, not just a remark
 */
public record Anchors(Path file, List<AnchorLine> lines, boolean required) {

  public Anchors {
    Objects.requireNonNull(file, "file");
    lines = List.copyOf(lines);
  }

  /** The lines of store {@code store}, in file order. */
  public List<AnchorLine> of(String store) {
    return lines.stream().filter(l -> l.checkpoint().store().equals(store)).toList();
  }
}
