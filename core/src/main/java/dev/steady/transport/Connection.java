package dev.steady.transport;

import dev.steady.inventory.Host;
import java.io.IOException;
import java.time.Duration;

/**
 * An open, key-verified connection to one host; commands run on it as separate channels. Nothing
 * acts on a {@code Connection} directly: {@link IdentityGate} proves the host's name (and
 * machine-id) on it first and hands out a {@link VerifiedConnection}, the only type the steps that
 * act accept (invariant 2).
 */
public interface Connection extends AutoCloseable {

  Host host();

  /** Fingerprint of the host key this connection verified, or null for the local machine. */
  String keyFingerprint();

  /** The {@code /etc/machine-id} recorded with the pin that let this connection in, or null. */
  default String pinnedMachineId() {
    return null;
  }

  /**
   * Runs {@code command} through the host's shell and waits for it to end.
   *
   * @param outputCap bytes kept of each of stdout and stderr; the rest is counted and digested only
   * @throws IOException when the connection drops, the command times out, or the channel fails; the
   *     message names the host
   */
  default CommandResult run(String command, Duration timeout, int outputCap) throws IOException {
    CappedOutput out = new CappedOutput(outputCap);
    CommandResult result = stream(command, null, out, timeout, outputCap);
    return new CommandResult(result.exitStatus(), result.exitSignal(), out.result(), result.stderr(), result.elapsed());
  }

  /**
   * Runs {@code command} streaming: {@code stdin} is copied to the command (then closed), its stdout
   * is pushed to {@code stdout} as it arrives (the caller parses on the fly: a million-line listing
   * is never held), stderr is kept up to {@code stderrCap} bytes. The returned result's stdout is empty.
   *
   * @param stdin what to feed the command, or null for nothing (EOF at once)
   * @throws IOException as {@link #run}; also when writing to {@code stdout} throws
   */
  CommandResult stream(String command, java.io.InputStream stdin, java.io.OutputStream stdout, Duration timeout, int stderrCap)
      throws IOException;

  @Override
  void close();
}
