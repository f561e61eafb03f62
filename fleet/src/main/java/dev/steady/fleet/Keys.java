package dev.steady.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Ed25519 key pairs kept as OpenSSH files: {@code NAME} (private, mode 600) and {@code NAME.pub}. */
final class Keys {

  private Keys() {}

  /** Loads the key pair at {@code privateKey}, or creates and writes a new one if there is none. */
  static KeyPair loadOrCreate(Path privateKey, String comment) throws IOException {
    if (Files.exists(privateKey)) {
      return load(privateKey);
    }
    KeyPair pair = generate();
    write(pair, privateKey, comment);
    return pair;
  }

  static KeyPair generate() {
    try {
      return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an ed25519 key; is net.i2p.crypto:eddsa on the classpath?", e);
    }
  }

  static KeyPair load(Path privateKey) throws IOException {
    Iterator<KeyPair> keys = new FileKeyPairProvider(privateKey).loadKeys(null).iterator();
    if (!keys.hasNext()) {
      throw new IOException("no key pair in " + privateKey + "; delete it to have a new one generated");
    }
    return keys.next();
  }

  /** Writes the private key (mode 600, replacing any old one) and the {@code .pub} beside it. */
  static void write(KeyPair pair, Path privateKey, String comment) throws IOException {
    Files.createDirectories(privateKey.toAbsolutePath().getParent());
    Files.deleteIfExists(privateKey);
    Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(privateKey, StandardOpenOption.TRUNCATE_EXISTING)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the key for " + privateKey, e);
    }
    Files.writeString(publicFile(privateKey), publicLine(pair.getPublic()) + " " + comment + "\n");
  }

  static Path publicFile(Path privateKey) {
    return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
  }

  /** {@code ssh-ed25519 AAAA...}, as in authorized_keys and known_hosts. */
  static String publicLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }
}
