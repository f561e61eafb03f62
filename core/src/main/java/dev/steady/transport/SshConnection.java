package dev.steady.transport;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** One authenticated SSH session, reused for every command of a run. */
final class SshConnection implements Connection {

  private final Host host;
  private final ClientSession session;
  private final String fingerprint;
  private final Bastion bastion;

  SshConnection(Host host, ClientSession session, String fingerprint, Bastion bastion) {
    this.host = host;
    this.session = session;
    this.fingerprint = fingerprint;
    this.bastion = bastion;
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
  public CommandResult run(String command, Duration timeout, int outputCap) throws IOException {
    long start = System.nanoTime();
    CappedOutput out = new CappedOutput(outputCap);
    CappedOutput err = new CappedOutput(outputCap);
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(30));
      channel.getInvertedIn().close();
      Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
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
      return new CommandResult(status, signal, out.result(), err.result(), elapsed);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(host.name() + " (")) {
        throw e;
      }
      throw new IOException(SshTransport.where(host) + ": " + SshTransport.reason(e, "channel failed"), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close(false).await(Duration.ofSeconds(2));
    } catch (IOException | RuntimeException e) {
      session.close(true);
    }
    if (bastion != null) {
      bastion.close();
    }
  }
}
