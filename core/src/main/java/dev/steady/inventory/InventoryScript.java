package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an executable inventory (a dynamic inventory script) as Ansible does, {@code SCRIPT --list}
 * or {@code SCRIPT --host NAME}, and returns what it printed. A script that cannot start, fails,
 * times out or prints anything but UTF-8 is bad input with its exit status and first line of
 * stderr: nothing it printed is used, so an inventory is never read in part.
 */
final class InventoryScript {

  /** How long a script may take before steady gives up on it. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_OUTPUT = 256 * 1024 * 1024;

  private final Path script;
  private final String name;
  private final Duration timeout;

  /** {@code name} is how messages cite the script, e.g. {@code inventory/ec2.py}. */
  InventoryScript(Path script, String name, Duration timeout) {
    this.script = script;
    this.name = name;
    this.timeout = timeout;
  }

  /** What {@code SCRIPT args…} printed on stdout, cited in messages as {@code name args}. */
  SourceText run(String... args) {
    List<String> command = new ArrayList<>(List.of(script.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    String call = name + " " + String.join(" ", args);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw SteadyException.badInput("inventory script " + call + " could not be started (" + e.getMessage()
          + "); check that it is executable and its #! line names an interpreter that exists", e);
    }
    try {
      process.getOutputStream().close();
      Drain out = Drain.start(process.getInputStream());
      Drain err = Drain.start(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw SteadyException.badInput("inventory script " + call + " did not finish within "
            + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms") + " and was stopped; nothing was read from it: run it by hand to see where it waits");
      }
      byte[] stdout = out.bytes();
      if (process.exitValue() != 0) {
        throw SteadyException.badInput("inventory script " + call + " failed with exit status " + process.exitValue()
            + ": " + firstLine(err.bytes()) + "; nothing was read from it: run it by hand to see why");
      }
      return new SourceText(script, call, utf8(stdout, call));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw SteadyException.badInput("interrupted while running inventory script " + call, e);
    } catch (IOException e) {
      kill(process);
      throw SteadyException.badInput("cannot read the output of inventory script " + call + " (" + e.getMessage() + ")", e);
    } finally {
      kill(process);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String utf8(byte[] bytes, String call) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw SteadyException.badInput("inventory script " + call + " printed output that is not UTF-8; fix the script", e);
    }
  }

  /** The first non-blank line of stderr, control characters shown as '?', at most 200 characters. */
  static String firstLine(byte[] stderr) {
    String text = new String(stderr, StandardCharsets.UTF_8);
    for (String line : text.split("\r?\n|\r")) {
      String clean = line.strip().replaceAll("\\p{Cntrl}", "?");
      if (!clean.isEmpty()) {
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
      }
    }
    return "(nothing on stderr)";
  }

  /** Reads a stream to its end on its own thread, so that neither pipe can fill and block the script. */
  private static final class Drain {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile IOException failure;

    private Drain(InputStream in) {
      this.thread = Thread.ofVirtual().unstarted(() -> copy(in));
    }

    static Drain start(InputStream in) {
      Drain d = new Drain(in);
      d.thread.start();
      return d;
    }

    private void copy(InputStream in) {
      byte[] chunk = new byte[65536];
      try (in) {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          synchronized (buffer) {
            if (buffer.size() + n > MAX_OUTPUT) {
              throw new IOException("more than " + MAX_OUTPUT / (1024 * 1024) + " MB of output");
            }
            buffer.write(chunk, 0, n);
          }
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    byte[] bytes() throws IOException, InterruptedException {
      if (!thread.join(Duration.ofSeconds(10))) {
        throw new IOException("its output did not end when it exited (a child process still holds it open)");
      }
      if (failure != null) {
        throw failure;
      }
      synchronized (buffer) {
        return buffer.toByteArray();
      }
    }
  }
}
