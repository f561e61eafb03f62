package dev.steady.run;

import dev.steady.transport.CommandResult;
import dev.steady.transport.Output;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The head of what one start of a row's action printed, for people looking at the run (the console's
 * row details). Output may hold secrets, so it is kept apart from the hash-chained audit log, which
 * records only each stream's SHA-256: the store keeps at most {@link #HEAD_BYTES} of each stream, in
 * a table that can be emptied without touching the audit chain (V10__run_outputs.sql).
 *
 * @param attempt the row's action counter at this start ({@link RunRow#actions()}): one per start
 * @param exitStatus the command's exit status, null when it ended by a signal
 */
public record ActionOutput(String run, String host, String step, int attempt, Integer exitStatus, Head stdout, Head stderr, Instant at) {

  /** How much of each stream is kept: enough to read an error, not a log file. */
  public static final int HEAD_BYTES = 16 * 1024;

  /**
   * One stream's kept head as text (invalid UTF-8 and NUL shown as U+FFFD), how many bytes of it
   * were kept, and how many the command printed in all.
   */
  public record Head(String text, long keptBytes, long totalBytes) {

    /** What was printed but not kept. */
    public long moreBytes() {
      return Math.max(0, totalBytes - keptBytes);
    }

    static Head of(Output output) {
      byte[] head = output.head();
      byte[] kept = head.length > HEAD_BYTES ? Arrays.copyOf(head, HEAD_BYTES) : head;
      String text = new String(kept, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD'); // PostgreSQL text cannot hold NUL
      return new Head(text, kept.length, output.totalBytes());
    }
  }

  /** What {@code result} printed at the {@code attempt}-th start of a row's action. */
  static ActionOutput of(String run, String host, String step, int attempt, CommandResult result, Instant at) {
    return new ActionOutput(run, host, step, attempt, result.exitStatus(), Head.of(result.stdout()), Head.of(result.stderr()), at);
  }
}
