package dev.steady.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AnchorLineTest {

  static final String HASH = "ab".repeat(32);
  static final Checkpoint CHECKPOINT = new Checkpoint("3f9a1c2b7d4e", 42, HASH, Instant.parse("2026-11-24T10:00:00.123Z"));

  @TempDir Path dir;
  AnchorKey key;

  @BeforeEach
  void key() {
    key = AnchorKey.loadOrCreate(dir.resolve("anchor.key"));
  }

  @Test
  void signedLine_isCanonicalJson_andReadsBackVerified() {
    AnchorLine line = AnchorLine.sign(CHECKPOINT, key);

    AnchorLine read = AnchorLine.parse(line.text(), 7);

    assertThat(line.text()).startsWith("{\"at\":\"2026-11-24T10:00:00.123Z\",\"hash\":\"" + HASH + "\",\"key\":\"" + key.publicKey()
        + "\",\"seq\":42,\"sig\":\"").endsWith("\",\"store\":\"3f9a1c2b7d4e\"}");
    assertThat(read).isEqualTo(new AnchorLine(CHECKPOINT, key.publicKey(), line.sig(), 7));
    assertThat(read.signatureVerifies()).isTrue();
  }

  @Test
  void editedLine_stillParses_butItsSignatureDoesNotVerify() {
    String text = AnchorLine.sign(CHECKPOINT, key).text();

    AnchorLine otherHash = AnchorLine.parse(text.replace(HASH, "cd".repeat(32)), 1);
    AnchorLine otherSeq = AnchorLine.parse(text.replace("\"seq\":42", "\"seq\":41"), 1);
    AnchorLine otherKey = AnchorLine.parse(text.replace(key.publicKey(),
        AnchorKey.loadOrCreate(dir.resolve("other.key")).publicKey()), 1);

    assertThat(otherHash.signatureVerifies()).isFalse();
    assertThat(otherSeq.signatureVerifies()).isFalse();
    assertThat(otherKey.signatureVerifies()).isFalse();
  }

  @Test
  void parse_refusesWhatSteadyNeverWrites_sayingWhat() {
    String good = AnchorLine.sign(CHECKPOINT, key).text();

    assertThatThrownBy(() -> AnchorLine.parse("not json", 1)).hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> AnchorLine.parse("[1]", 1)).hasMessage("not a JSON object");
    assertThatThrownBy(() -> AnchorLine.parse(good.replace("\"seq\":42", "\"seq\":42,\"x\":1"), 1))
        .hasMessage("fields [at, hash, key, seq, sig, store, x] are not exactly [at, hash, key, seq, sig, store]");
    assertThatThrownBy(() -> AnchorLine.parse(good.replace("\"seq\":42", "\"seq\":\"42\""), 1)).hasMessage("seq is not a whole number");
    assertThatThrownBy(() -> AnchorLine.parse(good.replace(HASH, "xyz"), 1)).hasMessage("hash 'xyz' is not 64 lower-case hex digits");
    assertThatThrownBy(() -> AnchorLine.parse(good.replace("2026-11-24T10:00:00.123Z", "yesterday"), 1))
        .hasMessage("timestamp 'yesterday' is not ISO-8601");
    assertThatThrownBy(() -> AnchorLine.parse(good.replace(key.publicKey(), "AAAA"), 1))
        .hasMessage("key is not a base64 Ed25519 public key");
  }
}
