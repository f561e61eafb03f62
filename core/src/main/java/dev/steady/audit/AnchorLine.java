package dev.steady.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steady.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of an anchor file: a {@link Checkpoint} signed with Ed25519, as canonical JSON {@code
 * {"at","hash","key","seq","sig","store"}}. The signature covers the canonical JSON of the line
 * without {@code sig}; {@code key} is the signer's public key (base64 X.509), so a line can be
 * checked anywhere. {@code steady audit head --json} prints exactly such a line.
 *
 * @param number the line's number in its file (1-based), 0 for a line not read from a file
 */
public record AnchorLine(Checkpoint checkpoint, String key, String sig, int number) {

  private static final Set<String> FIELDS = Set.of("at", "hash", "key", "seq", "sig", "store");

  public AnchorLine {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sig, "sig");
  }

  /** The line {@code key} signs for {@code checkpoint}. */
  public static AnchorLine sign(Checkpoint checkpoint, AnchorKey key) {
    byte[] signature = key.sign(signed(checkpoint, key.publicKey()));
    return new AnchorLine(checkpoint, key.publicKey(), Base64.getEncoder().encodeToString(signature), 0);
  }

  /**
   * Reads line {@code number} of an anchor file.
   *
   * @throws IllegalArgumentException saying what is malformed (one line)
   */
  public static AnchorLine parse(String text, int number) {
    JsonNode json = CanonicalJson.parse(text);
    if (!json.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Set<String> fields = new TreeSet<>();
    json.fieldNames().forEachRemaining(fields::add);
    if (!fields.equals(FIELDS)) {
      throw new IllegalArgumentException("fields " + fields + " are not exactly " + new TreeSet<>(FIELDS));
    }
    if (!json.get("seq").canConvertToExactIntegral() || !json.get("seq").canConvertToLong()) {
      throw new IllegalArgumentException("seq is not a whole number");
    }
    Checkpoint checkpoint = new Checkpoint(text(json, "store"), json.get("seq").longValue(), text(json, "hash"),
        AuditChain.parseAt(text(json, "at")));
    String key = text(json, "key");
    if (!AnchorKey.isPublicKey(key)) {
      throw new IllegalArgumentException("key is not a base64 Ed25519 public key");
    }
    String sig = text(json, "sig");
    if (signature(sig) == null) {
      throw new IllegalArgumentException("sig is not base64");
    }
    return new AnchorLine(checkpoint, key, sig, number);
  }

  /** The line as written to a file (without the newline). */
  public String text() {
    ObjectNode json = payload(checkpoint, key);
    json.put("sig", sig);
    return CanonicalJson.write(json);
  }

  /** Whether {@code sig} is {@code key}'s signature of this checkpoint. */
  public boolean signatureVerifies() {
    byte[] signature = signature(sig);
    return signature != null && AnchorKey.verifies(key, signed(checkpoint, key), signature);
  }

  private static byte[] signed(Checkpoint checkpoint, String key) {
    return CanonicalJson.write(payload(checkpoint, key)).getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode payload(Checkpoint checkpoint, String key) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("store", checkpoint.store());
    json.put("seq", checkpoint.seq());
    json.put("hash", checkpoint.hash());
    json.put("at", AuditChain.formatAt(checkpoint.at()));
    json.put("key", key);
    return json;
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return value.textValue();
  }

  private static byte[] signature(String sig) {
    try {
      return Base64.getDecoder().decode(sig);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
