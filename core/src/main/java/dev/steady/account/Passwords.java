package dev.steady.account;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (memory-hard), in the PHC string form {@code
 * $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}: the parameters travel with the hash, so they can be
 * raised later without breaking stored accounts. The defaults are OWASP's minimum for Argon2id.
 */
public final class Passwords {

  private static final int MEMORY_KB = 19_456;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  /** Bounds on a stored hash's parameters: a tampered row can neither exhaust memory nor time. */
  private static final int MAX_MEMORY_KB = 1 << 20;
  private static final int MAX_ITERATIONS = 64;
  private static final int MAX_PARALLELISM = 16;
  private static final int MIN_STORED_BYTES = 8;
  private static final int MAX_STORED_BYTES = 64;
  private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** A new salted Argon2id hash of {@code password}. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code stored}; false for a malformed, tampered or
   * out-of-bounds stored hash (never an exception). Compares in constant time.
   */
  public static boolean matches(String stored, char[] password) {
    Matcher m = stored == null ? null : PHC.matcher(stored);
    if (m == null || !m.matches() || password == null) {
      return false;
    }
    int memoryKb = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int parallelism = Integer.parseInt(m.group(3));
    if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
        || memoryKb < 8 * parallelism || memoryKb > MAX_MEMORY_KB) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = Base64.getDecoder().decode(m.group(4));
      expected = Base64.getDecoder().decode(m.group(5));
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    if (outside(salt.length) || outside(expected.length)) {
      return false;
    }
    byte[] actual = derive(password, salt, memoryKb, iterations, parallelism, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static boolean outside(int storedBytes) {
    return storedBytes < MIN_STORED_BYTES || storedBytes > MAX_STORED_BYTES;
  }

  private static byte[] derive(char[] password, byte[] salt, int memoryKb, int iterations, int parallelism, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKb)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
