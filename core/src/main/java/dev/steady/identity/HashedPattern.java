package dev.steady.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A hashed known_hosts host ({@code |1|base64(salt)|base64(HMAC-SHA1(salt, host))}), as {@code ssh-keygen -H} writes it. */
final class HashedPattern {

  private static final SecureRandom RANDOM = new SecureRandom();

  private HashedPattern() {}

  /** True when {@code pattern} is the hash of {@code lookup}; false for a malformed one. */
  static boolean matches(String pattern, String lookup) {
    String[] parts = pattern.split("\\|");
    if (parts.length != 4 || !parts[1].equals("1")) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(hmac(salt, lookup), hash);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A fresh hashed form of {@code lookup} (a new random salt). */
  static String of(String lookup) {
    byte[] salt = new byte[20];
    RANDOM.nextBytes(salt);
    return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hmac(salt, lookup));
  }

  private static byte[] hmac(byte[] salt, String lookup) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return mac.doFinal(lookup.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 missing from this JDK", e);
    }
  }
}
