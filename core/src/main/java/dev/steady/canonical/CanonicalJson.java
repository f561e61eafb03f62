package dev.steady.canonical;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: one text per value, so that hashes of it (audit entries, plan ids) are stable.
 *
 * <p>Object keys are sorted (by UTF-16 code units, as {@link String#compareTo}), there is no
 * insignificant whitespace, the text is valid UTF-8 (an unpaired surrogate is written as a
 * JSON escape), and
 * numbers are written as Jackson writes them after reading decimals as {@code BigDecimal}, so
 * {@code write(parse(write(x))) == write(x)}: canonical text survives a round trip unchanged.
 */
public final class CanonicalJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private CanonicalJson() {}

  /** The canonical JSON text of a value (maps, lists, records, strings, numbers, JSON trees). */
  public static String write(Object value) {
    try {
      return canonical(MAPPER.readTree(MAPPER.writeValueAsBytes(value)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not representable as JSON: " + e.getMessage(), e);
    }
  }

  /** Reads JSON text (any formatting) into a tree whose numbers keep their exact written value. */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether {@code json} is exactly the canonical text of what it denotes. */
  public static boolean isCanonical(String json) {
    try {
      return canonical(parse(json)).equals(json);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static String canonical(JsonNode tree) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      writeSorted(tree, gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void writeSorted(JsonNode node, JsonGenerator gen) throws IOException {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      gen.writeStartObject();
      for (Map.Entry<String, JsonNode> field : fields) {
        gen.writeFieldName(field.getKey());
        writeSorted(field.getValue(), gen);
      }
      gen.writeEndObject();
    } else if (node.isArray()) {
      gen.writeStartArray();
      for (JsonNode element : node) {
        writeSorted(element, gen);
      }
      gen.writeEndArray();
    } else {
      gen.writeTree(node);
    }
  }
}
