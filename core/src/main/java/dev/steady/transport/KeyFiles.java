package dev.steady.transport;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Loads the private keys a host logs in with, once per file; a bad key file is bad input. */
final class KeyFiles {

  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final Map<Path, List<KeyPair>> cache = new ConcurrentHashMap<>();
  private final String passphrase;

  KeyFiles(String passphrase) {
    this.passphrase = passphrase;
  }

  /** The key pairs to offer to {@code host}: its identity_file, else the user's default keys. */
  List<KeyPair> forHost(Host host) {
    if (host.identityFile() != null) {
      return load(host, expand(host.identityFile()));
    }
    List<KeyPair> pairs = new ArrayList<>();
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    for (String name : DEFAULT_KEYS) {
      if (Files.isReadable(ssh.resolve(name))) {
        pairs.addAll(load(host, ssh.resolve(name)));
      }
    }
    if (pairs.isEmpty()) {
      throw SteadyException.badInput("no identity file for host " + host.name() + " (" + host.source()
          + ") and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists; set identity_file in the inventory");
    }
    return pairs;
  }

  private List<KeyPair> load(Host host, Path file) {
    return cache.computeIfAbsent(file.toAbsolutePath().normalize(), f -> read(host, f));
  }

  private List<KeyPair> read(Host host, Path file) {
    String where = "identity file " + file + " of host " + host.name() + " (" + host.source() + ")";
    if (!Files.exists(file)) {
      throw SteadyException.badInput(where + " does not exist; fix identity_file in the inventory");
    }
    if (!Files.isReadable(file)) {
      throw SteadyException.badInput(where + " is not readable by this user; fix its permissions");
    }
    List<KeyPair> pairs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      FilePasswordProvider password = passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
      Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, password);
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
    } catch (Exception e) {
      String hint = passphrase == null ? "; if it is encrypted, set STEADY_KEY_PASSPHRASE" : "";
      throw SteadyException.badInput(where + " is not a usable private key (" + oneLine(e) + ")" + hint, e);
    }
    if (pairs.isEmpty()) {
      throw SteadyException.badInput(where + " holds no private key; point identity_file at a private key, not a .pub file");
    }
    return List.copyOf(pairs);
  }

  static Path expand(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
