package dev.steady.audit;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * This controller's Ed25519 key for signing checkpoints (the JDK's own implementation), kept in one
 * file of mode 0600 next to the anchor file and made on first use. Lines carry the public key, so
 * anyone can check them; a team compares it with the one {@code audit head} prints.
 */
public final class AnchorKey {

  private static final String ALGORITHM = "Ed25519";
  private static final String FIRST_LINE = "steady anchor key, ed25519; keep it private (mode 0600)";
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);

  private final Path file;
  private final PrivateKey privateKey;
  private final String publicKey;

  private AnchorKey(Path file, PrivateKey privateKey, String publicKey) {
    this.file = file;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * The key in {@code file}, made there first when there is none.
   *
   * @throws SteadyException bad input when the file is open to others, malformed or cannot be written
   */
  public static AnchorKey loadOrCreate(Path file) {
    try {
      return load(file);
    } catch (NoSuchFileException absent) {
      create(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    try {
      return load(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static SteadyException unreadable(Path file, IOException e) {
    return SteadyException.badInput("cannot read anchor key " + file + " (" + AnchorFile.why(e) + "); check its permissions", e);
  }

  /**
   * Refuses a key file that others may read or write (nothing to check when there is none yet).
   *
   * @throws SteadyException bad input naming the file, its mode and the fix
   */
  public static void checkPermissions(Path file) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(file);
    } catch (NoSuchFileException | UnsupportedOperationException nothingToCheck) {
      return;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (!OWNER_ONLY.containsAll(mode)) {
      throw SteadyException.badInput("anchor key " + file + " is open to others (mode " + PosixFilePermissions.toString(mode)
          + "); run `chmod 600 " + file + "`, or delete it if someone may have copied it (steady makes a new one)");
    }
  }

  /** The public key as anchor lines carry it: base64 of its X.509 encoding. */
  public String publicKey() {
    return publicKey;
  }

  /** Where the key lives. */
  public Path file() {
    return file;
  }

  byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(privateKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot sign with Ed25519", e);
    }
  }

  /** Whether {@code sig} is {@code publicKey}'s signature of {@code data}; false for malformed input. */
  static boolean verifies(String publicKey, byte[] data, byte[] sig) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(decodePublic(publicKey));
      signature.update(data);
      return signature.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code text} decodes as an Ed25519 public key. */
  static boolean isPublicKey(String text) {
    try {
      decodePublic(text);
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static PublicKey decodePublic(String text) throws GeneralSecurityException {
    return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
  }

  private static AnchorKey load(Path file) throws IOException {
    checkPermissions(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    try {
      if (lines.size() != 3 || !lines.get(0).equals(FIRST_LINE) || !lines.get(1).startsWith("public ")
          || !lines.get(2).startsWith("private ")) {
        throw new IllegalArgumentException("not the three lines steady writes");
      }
      String publicKey = lines.get(1).substring("public ".length());
      decodePublic(publicKey);
      PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(2).substring("private ".length()))));
      AnchorKey key = new AnchorKey(file, privateKey, publicKey);
      byte[] probe = file.toString().getBytes(StandardCharsets.UTF_8);
      if (!verifies(publicKey, probe, key.sign(probe))) {
        throw new IllegalArgumentException("its public key does not match its private key");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw SteadyException.badInput("anchor key " + file + " is malformed (" + e.getMessage() + "); move it away and steady"
          + " makes a new one (checkpoints it signed still verify: each line carries its key)", e);
    }
  }

  /** Writes a new key to a private temporary file, then links it into place: never half a key, never two keys. */
  private static void create(Path file) {
    Path tmp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      String text = FIRST_LINE + "\npublic " + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
          + "\nprivate " + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n";
      tmp = privateTempFile(dir, file.getFileName().toString());
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException anotherProcessWon) {
      // its key is complete (it was linked only once written): use that one
    } catch (IOException | UnsupportedOperationException e) {
      throw SteadyException.badInput("cannot create anchor key " + file + " (" + e.getClass().getSimpleName() + " "
          + e.getMessage() + "); make its directory writable", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make Ed25519 keys", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static Path privateTempFile(Path dir, String name) throws IOException {
    try {
      return Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempFile(dir, "." + name, ".tmp");
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // a stray temporary file of a key that was linked or never used
      }
    }
  }
}
