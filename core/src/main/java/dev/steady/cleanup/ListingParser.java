package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A push parser for {@link FindCommand}'s output: bytes arrive in chunks as the host walks, each
 * matched file is handed on as soon as its record is complete, and only the record being read is
 * held (bounded memory for any number of files).
 */
final class ListingParser extends OutputStream {

  private static final int MATCHED_FIELDS = 5;

  private final Consumer<FileEntry> matched;
  private final ListingTally tally;
  private final Field field = new Field();
  private int code = -1;
  private int fieldIndex;
  private long size;
  private long mtimeNanos;
  private long inode;
  private long device;
  private long allocated = -1;

  ListingParser(Consumer<FileEntry> matched, ListingTally tally) {
    this.matched = matched;
    this.tally = tally;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (code < 0) {
        code = b[i++] & 0xff;
        if (single(code)) {
          code = -1;
        }
        continue;
      }
      int next = field.take(b, i, end);
      if (next < 0) {
        return;
      }
      i = next;
      fieldDone();
    }
  }

  /** Counts a one-byte record; false when {@code c} opens a record with fields. */
  private boolean single(int c) throws IOException {
    Exclusion exclusion = Exclusion.of(c);
    if (exclusion != null) {
      tally.excluded(exclusion);
      return true;
    }
    return switch (c) {
      case FindCommand.OTHER -> {
        tally.skipped(ListingTally.OTHER, null);
        yield true;
      }
      case FindCommand.MATCHED, FindCommand.MATCHED_BLOCKS, FindCommand.LINK, FindCommand.UNREADABLE, FindCommand.MOUNT, FindCommand.CLOCK -> false;
      default -> throw new IOException("unexpected record code 0x" + Integer.toHexString(c));
    };
  }

  private void fieldDone() throws IOException {
    switch (code) {
      case FindCommand.CLOCK -> tally.clock(Instant.ofEpochSecond(field.number()));
      case FindCommand.LINK -> tally.skipped(ListingTally.LINK, field.bytes());
      case FindCommand.UNREADABLE -> tally.skipped(ListingTally.UNREADABLE, field.bytes());
      case FindCommand.MOUNT -> tally.mountPoint(field.bytes());
      default -> {
        matchedField();
        if (fieldIndex < MATCHED_FIELDS + (code == FindCommand.MATCHED_BLOCKS ? 1 : 0)) {
          field.clear();
          return;
        }
      }
    }
    field.clear();
    code = -1;
    fieldIndex = 0;
  }

  /** size, [blocks,] mtime, inode, device, path: the fields of M (and of B, with blocks) in order. */
  private void matchedField() throws IOException {
    int index = fieldIndex++;
    if (code == FindCommand.MATCHED_BLOCKS) {
      if (index == 1) {
        allocated = Math.multiplyExact(field.number(), 512L);
        return;
      }
      index = index > 1 ? index - 1 : index;
    } else {
      allocated = -1;
    }
    switch (index) {
      case 0 -> size = field.number();
      case 1 -> mtimeNanos = field.timestamp();
      case 2 -> inode = field.unsigned();
      case 3 -> device = field.unsigned();
      default -> {
        FileEntry file = new FileEntry(field.bytes(), size, mtimeNanos, inode, device, allocated);
        tally.matched(file);
        matched.accept(file);
      }
    }
  }

  /**
   * find's {@code %T@}: whole seconds (floor, may be negative), a dot, then nanoseconds and a zero
   * ({@code 1700000000.1234567890}; a time 1.5 s before the epoch prints {@code -2.5000000000}).
   */
  static long nanos(String t) throws IOException {
    int dot = t.indexOf('.');
    try {
      long seconds = Long.parseLong(dot < 0 ? t : t.substring(0, dot));
      String fraction = dot < 0 ? "" : t.substring(dot + 1);
      if (!fraction.chars().allMatch(Character::isDigit)) {
        throw new NumberFormatException(t);
      }
      String nine = (fraction + "000000000").substring(0, 9);
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), Long.parseLong(nine));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IOException("not a find timestamp: '" + t + "'");
    }
  }

  /** True when the stream ended on a record boundary. */
  boolean complete() {
    return code < 0;
  }
}
