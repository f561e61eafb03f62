package dev.steady.transport;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A ProxyCommand as ssh runs it ({@code /bin/sh -c COMMAND}, SSH spoken over its stdin and
 * stdout), bridged to a port on 127.0.0.1 that accepts exactly one connection: the SSH client dials
 * that port. The command's stderr is kept (a little) to explain a failure.
 */
final class ProxyCommandBridge implements AutoCloseable {

  private static final int STDERR_CAP = 4096;

  private final Process process;
  private final ServerSocket listener;
  private final CappedOutput stderr = new CappedOutput(STDERR_CAP);
  private volatile Socket socket;

  private ProxyCommandBridge(Process process, ServerSocket listener) {
    this.process = process;
    this.listener = listener;
  }

  /** Starts {@code host}'s ProxyCommand and listens for the one connection that will speak through it. */
  static ProxyCommandBridge start(Host host, Duration acceptTimeout) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    listener.setSoTimeout((int) Math.max(1, acceptTimeout.toMillis()));
    Process process;
    try {
      process = new ProcessBuilder("/bin/sh", "-c", host.ssh().proxyCommand()).start();
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    ProxyCommandBridge bridge = new ProxyCommandBridge(process, listener);
    Thread.startVirtualThread(bridge::pumpStderr);
    Thread.startVirtualThread(bridge::serve);
    return bridge;
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The command's exit status and first words of stderr once it ended (waiting a moment for it), else null. */
  String failure() {
    try {
      if (!process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    String err = stderr.result().text().strip();
    return "ProxyCommand exited " + process.exitValue() + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse(""));
  }

  private void serve() {
    try (ServerSocket l = listener) {
      Socket s = l.accept();
      socket = s;
      Thread.startVirtualThread(() -> copy(process.getInputStream(), outputOf(s)));
      copy(s.getInputStream(), process.getOutputStream());
    } catch (IOException e) {
      // no connection came, or it ended: close() cleans up
    } finally {
      closeProcessInput();
    }
  }

  private void pumpStderr() {
    try (InputStream err = process.getErrorStream()) {
      err.transferTo(stderr);
    } catch (IOException e) {
      // the command ended
    }
  }

  private static OutputStream outputOf(Socket s) {
    try {
      return s.getOutputStream();
    } catch (IOException e) {
      return OutputStream.nullOutputStream();
    }
  }

  private static void copy(InputStream in, OutputStream out) {
    byte[] buffer = new byte[32 * 1024];
    try (in; out) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: the other follows when its copy ends
    }
  }

  private void closeProcessInput() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing a listener that is closed
    }
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
