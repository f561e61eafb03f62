package dev.steady.transport;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The machine steady runs on, reached without SSH: commands run as local processes via /bin/sh. */
final class LocalConnection implements Connection {

  private final Host host;

  LocalConnection(Host host) {
    this.host = host;
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public String keyFingerprint() {
    return null;
  }

  @Override
  public CommandResult stream(String command, InputStream stdin, OutputStream stdout, Duration timeout, int stderrCap)
      throws IOException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process = builder.start();
    CappedOutput err = new CappedOutput(stderrCap);
    Thread outPump = Thread.startVirtualThread(() -> pump(process.getInputStream(), stdout));
    Thread errPump = Thread.startVirtualThread(() -> pump(process.getErrorStream(), err));
    Thread feeder = stdin == null ? null : Thread.startVirtualThread(() -> {
      try (stdin; OutputStream in = process.getOutputStream()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = stdin.read(buffer)) >= 0; ) {
          in.write(buffer, 0, n);
          in.flush(); // a source that waits for answers before giving more must not starve the process
        }
      } catch (IOException e) {
        // the process ended before reading everything; its exit status tells the rest
      }
    });
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException(host.name() + " (local): command did not finish within " + timeout + "; it was killed");
      }
      outPump.join();
      errPump.join();
      if (feeder != null) {
        feeder.interrupt();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(host.name() + " (local): interrupted; the command was killed", e);
    }
    return new CommandResult(process.exitValue(), null, new CappedOutput(0).result(), err.result(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static void pump(InputStream in, OutputStream sink) {
    byte[] buffer = new byte[16384];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sink.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // the process ended or was killed; what was read is kept
    }
  }

  @Override
  public void close() {
    // nothing held between commands
  }
}
