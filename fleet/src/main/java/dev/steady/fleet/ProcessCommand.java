package dev.steady.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An exec request run as a real process ({@code /bin/sh -c COMMAND}, or what the host wraps it in),
 * with its streams piped
 * chunk by chunk (memory stays bounded whatever the output size) and its whole process tree
 * killed when the channel closes.
 */
final class ProcessCommand implements Command {

  private static final int CHUNK = 32 * 1024;

  private final List<String> argv;
  private final Path workDir;
  private final Map<String, String> environment;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;
  private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

  ProcessCommand(List<String> argv, Path workDir, Map<String, String> environment) {
    this.argv = List.copyOf(argv);
    this.workDir = workDir;
    this.environment = environment;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback exit) {
    this.exit = exit;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
    builder.environment().putAll(env.getEnv());
    builder.environment().putAll(environment);
    process = builder.start();
    Thread.ofVirtual().name("fleet-exec").start(this::supervise);
    started.countDown();
  }

  private void supervise() {
    Process p = process;
    Thread stdout = pump(p.getInputStream(), out, "fleet-stdout", false);
    Thread stderr = pump(p.getErrorStream(), err, "fleet-stderr", false);
    pump(in, p.getOutputStream(), "fleet-stdin", true);
    try {
      int status = p.waitFor();
      stdout.join();
      stderr.join();
      started.await(); // report the exit only once start() has handed the command to MINA
      exit.onExit(status);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(p);
    }
  }

  /**
   * Copies until end of input, flushing each chunk. Only the process's stdin is closed at the
   * end (that is how the process sees EOF); the channel's streams are closed by MINA on exit.
   */
  private static Thread pump(InputStream from, OutputStream to, String name, boolean closeAtEnd) {
    return Thread.ofVirtual().name(name).start(() -> {
      byte[] buffer = new byte[CHUNK];
      try {
        for (int n; (n = from.read(buffer)) >= 0; ) {
          to.write(buffer, 0, n);
          to.flush();
        }
        if (closeAtEnd) {
          to.close();
        }
      } catch (IOException e) {
        // the other side went away (channel closed or process gone): nothing left to copy
      }
    });
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process p = process;
    if (p != null) {
      killTree(p);
    }
  }

  private static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
