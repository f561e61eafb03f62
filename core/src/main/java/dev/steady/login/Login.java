package dev.steady.login;

import dev.steady.inventory.Host;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;

/**
 * What one login to one host offers, as the team's ssh would: the agent's keys, the identity files
 * in order, their certificates. Attached to the session before authentication; afterwards it can
 * say what was offered and what was wrong, for a refused login's message.
 */
public final class Login {

  static final AttributeRepository.AttributeKey<Login> ATTRIBUTE = new AttributeRepository.AttributeKey<>();

  private final Host host;
  private final List<FileKey> keys;
  private final List<Certificate> looseCertificates;
  private final Path agentSocket;
  private final String agentFrom;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<String> offered = Collections.synchronizedList(new ArrayList<>());

  Login(Host host, List<FileKey> keys, List<Certificate> looseCertificates, Path agentSocket, String agentFrom, List<String> problems) {
    this.host = host;
    this.keys = List.copyOf(keys);
    this.looseCertificates = List.copyOf(looseCertificates);
    this.agentSocket = agentSocket;
    this.agentFrom = agentFrom;
    this.problems.addAll(problems);
  }

  /** Makes {@code session}'s public key authentication offer this login's keys. */
  public void attach(ClientSession session) {
    session.setAttribute(ATTRIBUTE, this);
  }

  /**
   * One clause for a refused login: what was offered, and what could not be (an expired
   * certificate, an unreachable agent, a key only the agent could sign with).
   */
  public String explain() {
    List<String> tried;
    synchronized (offered) {
      tried = List.copyOf(offered);
    }
    String what = tried.isEmpty() ? "no key was offered" : "offered " + String.join(", ", tried);
    synchronized (problems) {
      return problems.isEmpty() ? what : what + "; " + String.join("; ", problems);
    }
  }

  boolean identitiesOnly() {
    return host.ssh().identitiesOnly();
  }

  Path agentSocket() {
    return agentSocket;
  }

  /** The agent as a message names it: its socket and where that came from. */
  String agentNamed() {
    return "ssh-agent " + agentSocket + " (" + agentFrom + ")";
  }

  List<FileKey> keys() {
    return keys;
  }

  /** The identity file whose key is {@code key}, or null. */
  FileKey fileOf(PublicKey key) {
    return keys.stream().filter(f -> PublicKeys.same(f.publicKey(), key)).findFirst().orElse(null);
  }

  /** Every certificate of {@code key}: its identity file's, and CertificateFile ones of a key only the agent holds. */
  List<Certificate> certificatesOf(PublicKey key) {
    List<Certificate> all = new ArrayList<>();
    FileKey file = fileOf(key);
    if (file != null) {
      all.addAll(file.certificates());
    }
    looseCertificates.stream().filter(c -> PublicKeys.same(c.certifiedKey(), key)).forEach(all::add);
    return all;
  }

  void problem(String text) {
    if (!problems.contains(text)) {
      problems.add(text);
    }
  }

  void offered(String description) {
    offered.add(description);
  }
}
