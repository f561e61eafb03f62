package dev.steady.cli;

import dev.steady.failure.SteadyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password for {@code steady user} and {@code steady approve}: typed without echo on a terminal
 * (twice when it is being set), or piped in with {@code --password-stdin}. Never a command-line
 * argument (it would sit in the shell history and in {@code ps}), never printed.
 */
final class PasswordInput {

  private static final int MAX_BYTES = 4096;

  private PasswordInput() {}

  /** The password of {@code account}, asked once (to log in or approve). */
  static char[] ask(boolean fromStdin, String account) {
    return fromStdin ? fromStdin() : typed("Password of steady user " + account + ": ", null);
  }

  /** A new password for {@code account}: typed twice on a terminal, or read once from stdin. */
  static char[] choose(boolean fromStdin, String account) {
    return fromStdin ? fromStdin() : typed("New password for " + account + " (at least 12 characters): ", "Type it again: ");
  }

  private static char[] typed(String prompt, String again) {
    if (!Terminal.interactive()) {
      throw SteadyException.badInput("no terminal to type the password on; pipe it in with --password-stdin"
          + " (never put a password on the command line)");
    }
    char[] first = System.console().readPassword("%s", prompt);
    if (first == null) {
      throw SteadyException.badInput("no password typed; nothing was changed");
    }
    if (again != null) {
      char[] second = System.console().readPassword("%s", again);
      boolean same = second != null && Arrays.equals(first, second);
      if (second != null) {
        Arrays.fill(second, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw SteadyException.badInput("the two passwords differ; nothing was changed; run the command again");
      }
    }
    return first;
  }

  /** All of stdin as UTF-8, without its one trailing newline (as `echo` or a password manager adds). */
  static char[] fromStdin() {
    byte[] bytes = readStdin(System.in);
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
      char[] password = new char[chars.remaining()];
      chars.get(password);
      if (password.length == 0) {
        throw SteadyException.badInput("--password-stdin read an empty password; pipe the password into steady");
      }
      return password;
    } catch (CharacterCodingException e) {
      throw SteadyException.badInput("--password-stdin read bytes that are not UTF-8 text; pipe the password as UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] readStdin(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[512];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BYTES) {
          throw SteadyException.badInput("--password-stdin read more than " + MAX_BYTES + " bytes; pipe only the password");
        }
      }
    } catch (IOException e) {
      throw SteadyException.badInput("--password-stdin could not read stdin (" + e.getMessage() + ")", e);
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
    return out.toByteArray();
  }
}
