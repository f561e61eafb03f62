package dev.steady.login;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.sshd.client.auth.UserAuthFactory;

/**
 * How steady logs in, as the team's ssh does: keys held by ssh-agent ({@code SSH_AUTH_SOCK} or the
 * host's {@code IdentityAgent}; {@code none} turns it off) tried first, then the identity files in
 * ssh's order, each with its user certificate; encrypted keys decrypted once per process. What ssh
 * would skip with a message (a missing identity file, an expired certificate) is told once, as a
 * note for the front end to print; what leaves nothing to log in with is bad input before any host
 * is contacted.
 */
public final class Logins {

  private static final String ENV_SOCKET = "SSH_AUTH_SOCK";

  private final KeyReader reader;
  private final String agentSocket;
  private final Consumer<String> notes;
  private final Set<String> told = ConcurrentHashMap.newKeySet();

  /**
   * @param envPassphrase {@code STEADY_KEY_PASSPHRASE}, or null
   * @param prompt asks for a passphrase on the front end's terminal ({@link KeyPassphrases#NONE}: nobody to ask)
   * @param agentSocket {@code SSH_AUTH_SOCK}, or null
   * @param notes gets each warning line once
   */
  public Logins(String envPassphrase, KeyPassphrases prompt, String agentSocket, Consumer<String> notes) {
    this.reader = new KeyReader(envPassphrase, prompt);
    this.agentSocket = agentSocket == null || agentSocket.isBlank() ? null : agentSocket;
    this.notes = notes == null ? n -> {} : notes;
  }

  /** The public key authentication steady's SSH client uses: it offers what {@link Login#attach} put on the session. */
  public static UserAuthFactory publicKeyAuthentication() {
    return PublicKeyLogin.FACTORY;
  }

  /**
   * What a login to {@code host} offers, read now (keys decrypted at most once per process).
   *
   * @throws SteadyException bad input: the identity files named for it are all missing, there is no
   *     key at all, a key cannot be read or decrypted
   */
  public Login forHost(Host host) {
    List<String> problems = new ArrayList<>();
    Consumer<String> tell = text -> {
      problems.add(text);
      note(text);
    };
    Agent agent = agent(host);
    List<AgentClient.Held> held = agent.held(tell);
    List<KeyFile> files = IdentityFiles.of(host);
    List<KeyFile> missing = files.stream().filter(f -> f.configured() && !f.exists()).toList();
    if (!missing.isEmpty() && missing.size() == files.size()) {
      throw allMissing(host, missing, agent);
    }
    missing.forEach(f -> note("identity file " + f.named() + " does not exist; skipping it as ssh does"));
    List<FileKey> keys = new ArrayList<>();
    for (KeyFile file : files) {
      FileKey key = file.exists() ? read(host, file, held, tell) : null;
      if (key != null) {
        keys.add(key);
      }
    }
    if (keys.isEmpty() && agent.socket == null) {
      throw nothingToOffer(host, files);
    }
    List<Certificate> loose = new ArrayList<>();
    for (String name : host.ssh().certificateFiles()) {
      Certificate c = Certificate.read(IdentityFiles.expand(name), "CertificateFile, ssh config "
          + host.ssh().filesSetAt().getOrDefault(name, "?"), true, tell);
      int owner = c == null ? -1 : indexOf(keys, c.certifiedKey());
      if (owner >= 0) {
        keys.set(owner, keys.get(owner).withCertificate(c));
      } else if (c != null) {
        loose.add(c);
      }
    }
    return new Login(host, keys, loose, agent.socket, agent.from, problems);
  }

  /** One identity file ready to offer, or null (told why) when it cannot be. */
  private FileKey read(Host host, KeyFile file, List<AgentClient.Held> held, Consumer<String> tell) {
    PublicKey key = reader.publicKey(file);
    boolean inAgent = key != null && held.stream().anyMatch(h -> PublicKeys.same(h.key(), key));
    List<Certificate> certificates = new ArrayList<>();
    Certificate own = Certificate.read(file.certificateFile(), "beside " + file.path(), false, tell);
    if (own != null) {
      certificates.add(own);
    }
    if (PublicKeys.isSecurityKey(key)) {
      if (!inAgent) {
        tell.accept("identity file " + file.named() + " is a FIDO security key, which steady signs with only through ssh-agent,"
            + " and the agent does not hold it; load it with `ssh-add " + file.path() + "`");
      }
      return new FileKey(file, key, null, certificates);
    }
    KeyPair pair = Files.exists(file.path()) ? reader.pair(file, owner(host, file), !inAgent) : null;
    if (pair == null && !inAgent) {
      tell.accept("identity file " + file.named() + " has only its public key here and ssh-agent does not hold that key; not offered");
      return null;
    }
    return new FileKey(file, key != null ? key : pair.getPublic(), pair, certificates);
  }

  private static int indexOf(List<FileKey> keys, PublicKey key) {
    for (int i = 0; i < keys.size(); i++) {
      if (PublicKeys.same(keys.get(i).publicKey(), key)) {
        return i;
      }
    }
    return -1;
  }

  private static String owner(Host host, KeyFile file) {
    return file.setAt().startsWith("identity_file") ? "identity_file of " + host.name() + ", "
        + (host.identityFileAt() != null ? host.identityFileAt() : host.source()) : file.setAt();
  }

  private static SteadyException allMissing(Host host, List<KeyFile> missing, Agent agent) {
    if (missing.size() == 1) {
      KeyFile f = missing.getFirst();
      String setAt = f.setAt().startsWith("identity_file") ? "identity_file, "
          + (host.identityFileAt() != null ? host.identityFileAt() : host.source()) : f.setAt();
      return SteadyException.badInput("identity file " + f.path() + " of host " + host.name() + " (" + setAt + ") does not exist;"
          + " fix the path" + (agent.socket == null ? "" : ", or remove it to log in with ssh-agent's keys"));
    }
    return SteadyException.badInput("none of the identity files of host " + host.name() + " (" + host.source() + ") exists: "
        + String.join(", ", missing.stream().map(KeyFile::named).toList()) + "; fix the paths");
  }

  private static SteadyException nothingToOffer(Host host, List<KeyFile> files) {
    if (files.stream().anyMatch(KeyFile::configured)) {
      return SteadyException.badInput("no usable key to log in to " + host.name() + " (" + host.source() + ") and no ssh-agent"
          + " (SSH_AUTH_SOCK is not set); fix identity_file or IdentityFile, or load the key with ssh-add");
    }
    return SteadyException.badInput("no key to log in to " + host.name() + " (" + host.source() + "): no identity_file or"
        + " IdentityFile is set, none of ~/.ssh/" + String.join(", ", IdentityFiles.DEFAULTS) + " exists, and there is no"
        + " ssh-agent (SSH_AUTH_SOCK is not set); set identity_file in the inventory, or load a key with ssh-add");
  }

  /** The agent a host's login uses: its IdentityAgent (a socket, {@code none}, or SSH_AUTH_SOCK), else SSH_AUTH_SOCK. */
  private Agent agent(Host host) {
    String configured = host.ssh().identityAgent();
    if (configured == null || List.of(ENV_SOCKET, "$" + ENV_SOCKET).contains(configured)) {
      return new Agent(agentSocket == null ? null : Path.of(agentSocket), ENV_SOCKET);
    }
    if (configured.equalsIgnoreCase("none")) {
      return new Agent(null, "IdentityAgent none");
    }
    return new Agent(IdentityFiles.expand(configured), "IdentityAgent of " + host.name());
  }

  private void note(String text) {
    if (told.add(text)) {
      notes.accept(text);
    }
  }

  /** Where a login's agent is, and what set it. */
  private record Agent(Path socket, String from) {

    /** The keys it holds now; none (told why) when it cannot be reached. */
    List<AgentClient.Held> held(Consumer<String> tell) {
      if (socket == null) {
        return List.of();
      }
      try (AgentClient agent = AgentClient.open(socket)) {
        return agent.identities();
      } catch (IOException | RuntimeException e) {
        tell.accept("ssh-agent " + socket + " (" + from + ") cannot be reached (" + KeyReader.oneLine(e)
            + "); logging in with key files only");
        return List.of();
      }
    }
  }
}
