package dev.steady.transport;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
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
  public CommandResult run(String command, Duration timeout, int outputCap) throws IOException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    CappedOutput out = new CappedOutput(outputCap);
    CappedOutput err = new CappedOutput(outputCap);
    Thread outPump = Thread.startVirtualThread(() -> pump(process.getInputStream(), out));
    Thread errPump = Thread.startVirtualThread(() -> pump(process.getErrorStream(), err));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException(host.name() + " (local): command did not finish within " + timeout + "; it was killed");
      }
      outPump.join();
      errPump.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(host.name() + " (local): interrupted; the command was killed", e);
    }
    return new CommandResult(process.exitValue(), null, out.result(), err.result(), Duration.ofNanos(System.nanoTime() - start));
  }

  private static void pump(InputStream in, CappedOutput sink) {
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
