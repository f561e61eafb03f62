package dev.steady.login;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads identity files once per process: the public half without decrypting anything (from {@code
 * KEY.pub}, or the clear header of an OpenSSH key), the private key when it is needed. An encrypted
 * key is decrypted with {@code STEADY_KEY_PASSPHRASE}, else with a passphrase asked through the
 * front end's callback, once per key; a wrong one is bad input naming the file.
 */
final class KeyReader {

  private final String envPassphrase;
  private final KeyPassphrases prompt;
  private final Map<Path, KeyPair> pairs = new ConcurrentHashMap<>();
  private final Map<Path, Boolean> encrypted = new ConcurrentHashMap<>();

  KeyReader(String envPassphrase, KeyPassphrases prompt) {
    this.envPassphrase = envPassphrase == null || envPassphrase.isEmpty() ? null : envPassphrase;
    this.prompt = prompt == null ? KeyPassphrases.NONE : prompt;
  }

  /** The public key of {@code file} without decrypting it, or null when only the private key can tell. */
  PublicKey publicKey(KeyFile file) {
    try {
      if (Files.isReadable(file.publicFile())) {
        PublicKey key = PublicKeys.read(file.publicFile());
        if (key != null) {
          return key;
        }
      }
      return Files.isReadable(file.path()) ? PublicKeys.ofPrivateKeyFile(file.path()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The key pair of {@code file}; an encrypted one only when {@code mayAsk} (else null: the agent
   * signs for it). Asking happens once per file per process, one prompt at a time.
   *
   * @throws SteadyException bad input: unreadable, not a private key, no way to get the passphrase, wrong passphrase
   */
  KeyPair pair(KeyFile file, String owner, boolean mayAsk) {
    Path path = file.path().toAbsolutePath().normalize();
    KeyPair known = pairs.get(path);
    if (known != null || !mayAsk && Boolean.TRUE.equals(encrypted.get(path))) {
      return known;
    }
    synchronized (this) {
      known = pairs.get(path);
      if (known != null) {
        return known;
      }
      String where = "key " + file.path() + " (" + owner + ")";
      if (!Files.isReadable(path)) {
        throw SteadyException.badInput(where + " is not readable by this user; fix its permissions");
      }
      Asked asked = new Asked();
      try {
        return remember(path, load(path, asked));
      } catch (Exception e) {
        if (!asked.asked) {
          throw SteadyException.badInput(where + " is not a usable private key (" + oneLine(e) + ")", e);
        }
      }
      encrypted.put(path, true);
      return mayAsk ? remember(path, decrypt(file, path, where)) : null;
    }
  }

  private KeyPair decrypt(KeyFile file, Path path, String where) {
    boolean typed = envPassphrase == null;
    String passphrase = envPassphrase;
    if (typed) {
      char[] answer = prompt.ask(file.path());
      if (answer == null) {
        throw SteadyException.badInput(where + " is encrypted and there is no terminal to ask its passphrase on; set"
            + " STEADY_KEY_PASSPHRASE, or load the key into ssh-agent with `ssh-add " + file.path() + "`");
      }
      passphrase = new String(answer);
      Arrays.fill(answer, '\0');
    }
    try {
      return load(path, FilePasswordProvider.of(passphrase));
    } catch (Exception e) {
      throw SteadyException.badInput((typed ? "wrong passphrase for " + where + "; nothing was run; try again, or load the key"
          + " into ssh-agent with `ssh-add " + file.path() + "`"
          : "the passphrase in STEADY_KEY_PASSPHRASE does not decrypt " + where + "; nothing was run; set the right one,"
          + " or unset it to be asked on the terminal"), e);
    }
  }

  private KeyPair remember(Path path, KeyPair pair) {
    pairs.put(path, pair);
    return pair;
  }

  private static KeyPair load(Path path, FilePasswordProvider password) throws Exception {
    List<KeyPair> loaded = new ArrayList<>();
    try (InputStream in = Files.newInputStream(path)) {
      Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(path.toString()), in, password);
      if (pairs != null) {
        pairs.forEach(loaded::add);
      }
    }
    if (loaded.isEmpty()) {
      throw new IOException("it holds no private key; point at a private key, not a .pub file");
    }
    return loaded.getFirst();
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  /** A password provider that only notes it was asked: the file is encrypted. */
  private static final class Asked implements FilePasswordProvider {
    boolean asked;

    @Override
    public String getPassword(org.apache.sshd.common.session.SessionContext session, NamedResource resource, int retry) {
      asked = true;
      return null;
    }
  }
}
