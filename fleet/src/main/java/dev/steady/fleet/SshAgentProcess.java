package dev.steady.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code ssh-agent} listening on a socket of the test's choosing ({@code ssh-agent -D
 * -a SOCKET}), stopped by {@link #close()}; keys go in with {@link #add}.
 */
public final class SshAgentProcess implements AutoCloseable {

  private final Process process;
  private final Path socket;

  private SshAgentProcess(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts an agent on {@code socket} (which must not exist yet) and waits until it listens. */
  public static SshAgentProcess start(Path socket) throws IOException {
    Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!Files.exists(socket)) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        p.destroyForcibly();
        throw new IOException("ssh-agent did not start listening on " + socket);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted starting ssh-agent", e);
      }
    }
    return new SshAgentProcess(p, socket);
  }

  public Path socket() {
    return socket;
  }

  /** {@code ssh-add} these unencrypted keys (their {@code -cert.pub} beside them comes along, as ssh-add does). */
  public SshAgentProcess add(Path... keys) throws IOException {
    SshKeys.add(socket, keys);
    return this;
  }

  /** {@code ssh-add -D}: the agent holds nothing any more. */
  public void removeAll() throws IOException {
    SshKeys.run(java.util.Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", "-q", "-D");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(socket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (IOException e) {
      // ssh-agent removes its socket itself when it stops
    }
  }
}
