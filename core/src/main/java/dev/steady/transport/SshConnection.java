package dev.steady.transport;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** One authenticated SSH session, reused for every command of a run. */
final class SshConnection implements Connection {

  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final Host host;
  private final ClientSession session;
  private final String fingerprint;
  private final String pinnedMachineId;
  private final Route route;

  SshConnection(Host host, ClientSession session, String fingerprint, String pinnedMachineId, Route route) {
    this.host = host;
    this.session = session;
    this.fingerprint = fingerprint;
    this.pinnedMachineId = pinnedMachineId;
    this.route = route;
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public String keyFingerprint() {
    return fingerprint;
  }

  @Override
  public String pinnedMachineId() {
    return pinnedMachineId;
  }

  @Override
  public CommandResult stream(String command, InputStream stdin, OutputStream stdout, Duration timeout, int stderrCap)
      throws IOException {
    long start = System.nanoTime();
    CappedOutput err = new CappedOutput(stderrCap);
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(stdout);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(30));
      Thread feeder = feed(stdin, channel.getInvertedIn());
      Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
          ClientChannelEvent.EXIT_SIGNAL), timeout);
      if (!events.contains(ClientChannelEvent.CLOSED) && !events.contains(ClientChannelEvent.TIMEOUT)) {
        // The command ended. A server may still send its last output after the exit status (OpenSSH
        // does when the process exits first), so wait for the close, but not forever: a server that
        // never closes the channel must not hang the run (seen once with a test host under load).
        Set<ClientChannelEvent> closed = EnumSet.noneOf(ClientChannelEvent.class);
        closed.addAll(channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), CLOSE_GRACE));
        closed.remove(ClientChannelEvent.TIMEOUT);
        events = closed;
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (feeder != null) {
        feeder.interrupt();
      }
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new IOException(SshTransport.where(host) + ": command did not finish within " + timeout
            + "; it was abandoned and may still be running there");
      }
      Integer status = channel.getExitStatus();
      String signal = channel.getExitSignal();
      if (status == null && signal == null) {
        throw new IOException(SshTransport.where(host) + ": connection closed during the command after "
            + elapsed.toMillis() + " ms, before it reported an exit status; its effect on the host is unknown");
      }
      return new CommandResult(status, signal, new CappedOutput(0).result(), err.result(), elapsed);
    } catch (IOException | RuntimeException e) {
      // MINA throws IllegalStateException for a session that is already closed: same meaning
      if (e instanceof IOException io && e.getMessage() != null && e.getMessage().startsWith(host.name() + " (")) {
        throw io;
      }
      throw new IOException(SshTransport.where(host) + ": " + SshTransport.reason(e, "channel failed"), e);
    }
  }

  /**
   * Copies {@code stdin} to the channel on a virtual thread, then sends EOF; null stdin sends EOF at once.
   * Each chunk read is flushed into a packet at once: the channel's stream otherwise holds a partly
   * filled packet until more input comes, and a source that waits for the command's answers before
   * giving more (the delete agent's plan feed) would leave the command idle on data it was not sent.
   */
  private static Thread feed(InputStream stdin, OutputStream channelIn) throws IOException {
    if (stdin == null) {
      channelIn.close();
      return null;
    }
    return Thread.startVirtualThread(() -> {
      try (stdin; channelIn) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = stdin.read(buffer)) >= 0; ) {
          channelIn.write(buffer, 0, n);
          channelIn.flush();
        }
      } catch (IOException e) {
        // the command ended or the connection dropped; the exit status tells the rest
      }
    });
  }

  @Override
  public void close() {
    try {
      session.close(false).await(Duration.ofSeconds(2));
    } catch (IOException | RuntimeException e) {
      session.close(true);
    }
    route.close();
  }
}
