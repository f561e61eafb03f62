package dev.steady.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class PasswordsTest {

  private static final char[] SECRET = "correct horse battery".toCharArray();
  private static final String STORED = Passwords.hash(SECRET);

  @Test
  void hash_thenMatches_withTheSamePassword() {
    assertThat(Passwords.matches(STORED, "correct horse battery".toCharArray())).isTrue();
  }

  @Test
  void matches_refusesAWrongPassword_evenOneCharacterOff() {
    assertThat(Passwords.matches(STORED, "correct horse batterY".toCharArray())).isFalse();
    assertThat(Passwords.matches(STORED, new char[0])).isFalse();
    assertThat(Passwords.matches(STORED, null)).isFalse();
  }

  @Test
  void hash_isArgon2idInPhcForm_carryingItsParameters() {
    assertThat(STORED).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(STORED).doesNotContain("correct");
  }

  @Test
  void hash_usesAFreshSaltEachTime() {
    String again = Passwords.hash(SECRET);

    assertThat(again).isNotEqualTo(STORED);
    assertThat(salt(again)).isNotEqualTo(salt(STORED));
    assertThat(Passwords.matches(again, SECRET)).isTrue();
  }

  @Test
  void matches_verifiesWithTheParametersStoredWithTheHash_soTheyCanBeRaisedLater() {
    byte[] salt = "sixteen byte slt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String cheap = "$argon2id$v=19$m=64,t=1,p=1$" + b64(salt) + "$" + b64(argon2id(SECRET, salt, 64, 1, 1));
    String[] parts = cheap.split("\\$");
    String relabelled = "$argon2id$v=19$m=128,t=1,p=1$" + parts[4] + "$" + parts[5];

    assertThat(Passwords.matches(cheap, SECRET)).isTrue();
    assertThat(Passwords.matches(relabelled, SECRET)).isFalse();
  }

  @Test
  void matches_isFalseWhenTheStoredHashOrSaltWasTampered() {
    String[] parts = STORED.split("\\$");
    String otherHash = "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4] + "$" + flipFirst(parts[5]);
    String otherSalt = "$argon2id$v=19$m=19456,t=2,p=1$" + flipFirst(parts[4]) + "$" + parts[5];

    assertThat(Passwords.matches(otherHash, SECRET)).isFalse();
    assertThat(Passwords.matches(otherSalt, SECRET)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "plain text",
      "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0",
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA$extra",
      "$argon2id$v=19$m=19456,t=2,p=1$A$aGFzaGhhc2hoYXNoaGFzaA", // one base64 character: not decodable
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", // a 4-byte salt
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA", // a 4-byte hash
      "$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", // ~10 GB: never attempted
      "$argon2id$v=19$m=19456,t=999,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"
  })
  void matches_isFalse_neverAnException_forAMalformedOrOutOfBoundsStoredHash(String stored) {
    assertThat(Passwords.matches(stored, SECRET)).isFalse();
  }

  @Test
  void matches_isFalseForNoStoredHash() {
    assertThat(Passwords.matches(null, SECRET)).isFalse();
  }

  private static byte[] argon2id(char[] password, byte[] salt, int memoryKb, int iterations, int parallelism) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKb).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
    byte[] out = new byte[32];
    generator.generateBytes(password, out);
    return out;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String salt(String phc) {
    return phc.split("\\$")[4];
  }

  private static String flipFirst(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[0] ^= 1;
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
