package dev.steady.transport;

import dev.steady.failure.SteadyException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The password sudo asks of the login user ({@code --ask-become-pass} or {@code
 * STEADY_BECOME_PASSWORD}). It only ever reaches a host as the first line of a sudo command's
 * standard input ({@code sudo -S}); never a command line, a log line or the audit. {@link #toString}
 * hides it.
 */
public final class SudoPassword {

  private final byte[] utf8;

  private SudoPassword(byte[] utf8) {
    this.utf8 = utf8;
  }

  /**
   * The password {@code typed} (the caller wipes its array).
   *
   * @throws SteadyException bad input: empty, or holding a line break or NUL, which sudo's one line cannot carry
   */
  public static SudoPassword of(char[] typed, String from) {
    if (typed == null || typed.length == 0) {
      throw SteadyException.badInput("the become password from " + from + " is empty; nothing was run");
    }
    for (char c : typed) {
      if (c == '\n' || c == '\r' || c == '\0') {
        throw SteadyException.badInput("the become password from " + from + " holds a line break or NUL byte, which sudo cannot"
            + " read as one line; nothing was run");
      }
    }
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(typed));
    byte[] utf8 = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
    Arrays.fill(bytes.array(), (byte) 0);
    return new SudoPassword(utf8);
  }

  /** The password and a newline, as {@code sudo -S} reads it. */
  InputStream line() {
    byte[] line = Arrays.copyOf(utf8, utf8.length + 1);
    line[utf8.length] = '\n';
    return new ByteArrayInputStream(line);
  }

  @Override
  public String toString() {
    return "SudoPassword[hidden]";
  }
}
