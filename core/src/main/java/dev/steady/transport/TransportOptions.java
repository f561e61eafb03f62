package dev.steady.transport;

import dev.steady.login.KeyPassphrases;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Knobs of a transport, read at the front door: the environment, and the callbacks through which a
 * front end asks its user (core never prompts) and hears warnings (core never prints).
 *
 * @param connectTimeout how long to wait for TCP connect, key exchange and login, per host
 * @param keyPassphrase passphrase for encrypted identity files, or null (from STEADY_KEY_PASSPHRASE)
 * @param passphrases asks for the passphrase of an encrypted key, once per key ({@link KeyPassphrases#NONE}: nobody to ask)
 * @param agentSocket the ssh-agent's socket (SSH_AUTH_SOCK), or null
 * @param notes gets one line per thing ssh would warn about (a missing identity file, an expired certificate)
 * @param sudoPassword the become password sudo may ask for, or null (from STEADY_BECOME_PASSWORD or a prompt)
 */
public record TransportOptions(Duration connectTimeout, String keyPassphrase, KeyPassphrases passphrases, String agentSocket,
    Consumer<String> notes, SudoPassword sudoPassword) {

  /** From the environment: STEADY_KEY_PASSPHRASE, SSH_AUTH_SOCK, STEADY_BECOME_PASSWORD; 10 s to connect. */
  public static TransportOptions defaults() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #defaults()}, from {@code env}. */
  public static TransportOptions fromEnvironment(Map<String, String> env) {
    String become = env.get("STEADY_BECOME_PASSWORD");
    return new TransportOptions(Duration.ofSeconds(10), env.get("STEADY_KEY_PASSPHRASE"), KeyPassphrases.NONE,
        env.get("SSH_AUTH_SOCK"), null,
        become == null || become.isEmpty() ? null : SudoPassword.of(become.toCharArray(), "STEADY_BECOME_PASSWORD"));
  }

  /** No agent, no prompt, no become password: key files only. */
  public TransportOptions(Duration connectTimeout, String keyPassphrase) {
    this(connectTimeout, keyPassphrase, KeyPassphrases.NONE, null, null, null);
  }

  public TransportOptions {
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive");
    }
    passphrases = passphrases == null ? KeyPassphrases.NONE : passphrases;
    agentSocket = agentSocket == null || agentSocket.isBlank() ? null : agentSocket;
    notes = notes == null ? note -> {} : notes;
  }

  public TransportOptions withConnectTimeout(Duration timeout) {
    return new TransportOptions(timeout, keyPassphrase, passphrases, agentSocket, notes, sudoPassword);
  }

  public TransportOptions withPassphrases(KeyPassphrases prompt) {
    return new TransportOptions(connectTimeout, keyPassphrase, prompt, agentSocket, notes, sudoPassword);
  }

  public TransportOptions withAgentSocket(String socket) {
    return new TransportOptions(connectTimeout, keyPassphrase, passphrases, socket, notes, sudoPassword);
  }

  public TransportOptions withNotes(Consumer<String> listener) {
    return new TransportOptions(connectTimeout, keyPassphrase, passphrases, agentSocket, listener, sudoPassword);
  }

  public TransportOptions withSudoPassword(SudoPassword password) {
    return new TransportOptions(connectTimeout, keyPassphrase, passphrases, agentSocket, notes, password);
  }

  @Override
  public String toString() {
    return "TransportOptions[connectTimeout=" + connectTimeout + ", agentSocket=" + agentSocket + ", keyPassphrase="
        + (keyPassphrase == null ? "none" : "hidden") + ", sudoPassword=" + (sudoPassword == null ? "none" : "hidden") + "]";
  }
}
