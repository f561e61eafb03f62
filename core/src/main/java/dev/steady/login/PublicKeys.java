package dev.steady.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/** Public keys and certificates in OpenSSH's wire and file forms, and what a message shows of them. */
final class PublicKeys {

  private static final String OPENSSH_PRIVATE = "-----BEGIN OPENSSH PRIVATE KEY-----";
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private PublicKeys() {}

  /** The key in {@code blob} (SSH wire form), or null for a type steady cannot parse. */
  static PublicKey parse(byte[] blob) {
    try {
      return new ByteArrayBuffer(blob).getRawPublicKey();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code key} in SSH wire form. */
  static byte[] blob(PublicKey key) {
    Buffer b = new ByteArrayBuffer();
    b.putRawPublicKey(key);
    return b.getCompactData();
  }

  /**
   * The key of one line of a {@code .pub} or certificate file ({@code type base64 [comment]}), or
   * null when the line is not one.
   */
  static PublicKey parseLine(String line) {
    String[] words = line.strip().split("\\s+");
    if (words.length < 2) {
      return null;
    }
    try {
      return parse(Base64.getDecoder().decode(words[1]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The key in the first line of {@code file}, or null when it holds none. */
  static PublicKey read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.isBlank() ? null : parseLine(text.lines().findFirst().orElse(""));
  }

  /**
   * The public key stored in clear in an OpenSSH private key file ({@code openssh-key-v1}, encrypted
   * or not), or null for another format.
   */
  static PublicKey ofPrivateKeyFile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    int begin = text.indexOf(OPENSSH_PRIVATE);
    int end = text.indexOf("-----END", begin + 1);
    if (begin < 0 || end < 0) {
      return null;
    }
    try {
      byte[] raw = Base64.getMimeDecoder().decode(text.substring(begin + OPENSSH_PRIVATE.length(), end));
      if (raw.length < MAGIC.length || !java.util.Arrays.equals(raw, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
        return null;
      }
      Buffer b = new ByteArrayBuffer(raw, MAGIC.length, raw.length - MAGIC.length);
      b.getString(); // cipher
      b.getString(); // kdf
      b.getBytes(); // kdf options
      return b.getInt() < 1 ? null : parse(b.getBytes());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The plain key of a certificate, or the key itself. */
  static PublicKey certified(PublicKey key) {
    return key instanceof OpenSshCertificate cert ? cert.getCertPubKey() : key;
  }

  /** True when both are the same key (a certificate and its plain key are not). */
  static boolean same(PublicKey a, PublicKey b) {
    return a != null && b != null && KeyUtils.compareKeys(a, b);
  }

  /** True for a FIDO key, whose private half lives in an authenticator: only an agent can sign with it. */
  static boolean isSecurityKey(PublicKey key) {
    String type = key == null ? "" : KeyUtils.getKeyType(certified(key));
    return type != null && type.startsWith("sk-");
  }

  /** What a message shows of a key: its type and SHA-256 fingerprint. */
  static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }
}
