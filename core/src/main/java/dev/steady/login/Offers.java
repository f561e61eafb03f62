package dev.steady.login;

import java.io.Closeable;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.auth.pubkey.KeyPairIdentity;
import org.apache.sshd.client.auth.pubkey.PublicKeyIdentity;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.SignatureFactoriesManager;

/**
 * The keys one login offers, in OpenSSH's order: first every key the agent holds (with IdentitiesOnly
 * only those of the configured identity files), each after its certificates; then the identity
 * files the agent does not hold, each certificate before its key. The agent connection stays open
 * while MINA goes through them and is closed with them.
 */
final class Offers implements Iterator<PublicKeyIdentity>, Closeable {

  private record Offer(PublicKeyIdentity identity, String description) {}

  private final Login login;
  private final AgentClient agent;
  private final Iterator<Offer> offers;

  private Offers(Login login, AgentClient agent, List<Offer> offers) {
    this.login = login;
    this.agent = agent;
    this.offers = offers.iterator();
  }

  static Offers open(Login login, ClientSession session, SignatureFactoriesManager manager) {
    AgentClient agent = null;
    List<AgentClient.Held> held = List.of();
    if (login.agentSocket() != null) {
      try {
        agent = AgentClient.open(login.agentSocket());
        held = agent.identities();
      } catch (IOException | RuntimeException e) {
        login.problem(login.agentNamed() + " cannot be reached (" + KeyReader.oneLine(e) + "); logging in with key files only");
        close(agent);
        agent = null;
      }
    }
    List<Offer> offers = new ArrayList<>();
    Set<FileKey> signedByAgent = new HashSet<>();
    for (AgentClient.Held h : held) {
      PublicKey plain = PublicKeys.certified(h.key());
      FileKey file = login.fileOf(plain);
      if (login.identitiesOnly() && file == null) {
        continue;
      }
      if (!(h.key() instanceof OpenSshCertificate)) {
        for (Certificate c : login.certificatesOf(plain)) {
          if (!holds(held, c.cert())) {
            offers.add(new Offer(new AgentIdentity(agent, c.cert(), h.blob()), "certificate " + c.path() + " (signed by ssh-agent)"));
          }
        }
        if (file != null) {
          signedByAgent.add(file);
        }
      }
      offers.add(new Offer(new AgentIdentity(agent, h.key(), h.blob()), "ssh-agent key " + PublicKeys.describe(h.key())
          + (h.comment().isBlank() ? "" : " (" + h.comment() + ")")));
    }
    for (FileKey f : login.keys()) {
      if (signedByAgent.contains(f) || f.pair() == null) {
        continue;
      }
      for (Certificate c : f.certificates()) {
        if (!holds(held, c.cert())) {
          offers.add(new Offer(new KeyPairIdentity(manager, session, new KeyPair(c.cert(), f.pair().getPrivate())),
              "certificate " + c.path()));
        }
      }
      offers.add(new Offer(new KeyPairIdentity(manager, session, f.pair()), String.valueOf(f.file().path())));
    }
    return new Offers(login, agent, offers);
  }

  private static boolean holds(List<AgentClient.Held> held, PublicKey key) {
    return held.stream().anyMatch(h -> PublicKeys.same(h.key(), key));
  }

  @Override
  public boolean hasNext() {
    return offers.hasNext();
  }

  @Override
  public PublicKeyIdentity next() {
    Offer offer = offers.next();
    login.offered(offer.description());
    return offer.identity();
  }

  @Override
  public void close() {
    close(agent);
  }

  private static void close(AgentClient agent) {
    if (agent != null) {
      try {
        agent.close();
      } catch (IOException e) {
        // the login is over; nothing more is asked of the agent
      }
    }
  }
}
