package dev.steady.cleanup;

import dev.steady.inventory.Host;
import dev.steady.transport.CommandResult;
import dev.steady.transport.Connection;
import dev.steady.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real connection whose commands are rewritten first: run them as nobody, or with a different
 * PATH. The identity gate's proof ({@code hostname …}) runs unchanged, as the login user, the way it
 * does on a host where steady's commands go through sudo.
 */
final class Wrapped implements Connection {

  private final Connection delegate;
  private final UnaryOperator<String> rewrite;

  Wrapped(Connection delegate, UnaryOperator<String> rewrite) {
    this.delegate = delegate;
    this.rewrite = cmd -> cmd.startsWith("hostname ") ? cmd : rewrite.apply(cmd);
  }

  /** Commands run as the unprivileged user nobody (65534), so permissions apply as on a real host. */
  static Wrapped asNobody(Connection c) {
    return new Wrapped(c, cmd -> "cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- /bin/sh -c "
        + Shell.quote(cmd));
  }

  /** Commands run with {@code PATH} set to {@code path} only. */
  static Wrapped withPath(Connection c, String path) {
    return new Wrapped(c, cmd -> "PATH=" + Shell.quote(path) + "; export PATH; " + cmd);
  }

  @Override
  public Host host() {
    return delegate.host();
  }

  @Override
  public String keyFingerprint() {
    return delegate.keyFingerprint();
  }

  @Override
  public String pinnedMachineId() {
    return delegate.pinnedMachineId();
  }

  @Override
  public CommandResult run(String command, Duration timeout, int outputCap) throws IOException {
    return delegate.run(rewrite.apply(command), timeout, outputCap);
  }

  @Override
  public CommandResult stream(String command, InputStream stdin, OutputStream stdout, Duration timeout, int stderrCap)
      throws IOException {
    return delegate.stream(rewrite.apply(command), stdin, stdout, timeout, stderrCap);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
