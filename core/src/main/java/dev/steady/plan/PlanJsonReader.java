package dev.steady.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a plan header written by {@link PlanJson#headerJson} back into the same records. */
final class PlanJsonReader {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private PlanJsonReader() {}

  static Plan plan(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a plan header is a JSON object");
    }
    try {
      return new Plan(text(n, "id"), text(n, "confirm_token"), instant(n, "created_at"),
          instant(n, "expires_at"), text(n, "author"), text(n, "target"), criteria(n.get("criteria")),
          list(n, "guards", JsonNode::asText), list(n, "hosts", PlanJsonReader::host),
          number(n, "count"), number(n, "bytes"));
    } catch (RuntimeException e) {
      throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.toString(), e);
    }
  }

  private static Criteria criteria(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    return new Criteria(duration(n, "older_than"), duration(n, "newer_than"),
        optionalNumber(n, "min_size"), optionalNumber(n, "max_size"),
        list(n, "name", JsonNode::asText), list(n, "exclude", JsonNode::asText),
        n.hasNonNull("max_depth") ? Integer.valueOf(n.get("max_depth").intValue()) : null,
        optionalNumber(n, "expect_count"), optionalNumber(n, "expect_bytes"),
        text(n, "require_backup"), n.path("verify_checksum").asBoolean(false),
        n.path("allow_all").asBoolean(false));
  }

  private static HostPlan host(JsonNode n) {
    return new HostPlan(required(n, "name").asText(), text(n, "root"), number(n, "count"),
        number(n, "bytes"), number(n, "total_files"), number(n, "free_bytes"),
        number(n, "fs_bytes"), number(n, "oldest_mtime_ns"), number(n, "newest_mtime_ns"),
        list(n, "largest", PlanJsonReader::file), list(n, "sample", PlanJsonReader::file),
        counts(n.get("excluded")), counts(n.get("skipped")), list(n, "notes", JsonNode::asText),
        n.hasNonNull("allocated_bytes") ? number(n, "allocated_bytes") : -1);
  }

  /** A file as {@link PlanJson} writes it: exact bytes from path_bytes when present. */
  static FileEntry file(JsonNode n) {
    byte[] path = n.hasNonNull("path_bytes")
        ? Base64.getDecoder().decode(n.get("path_bytes").asText())
        : required(n, "path").asText().getBytes(StandardCharsets.UTF_8);
    return new FileEntry(path, number(n, "size"), number(n, "mtime_ns"), number(n, "inode"),
        number(n, "device"), n.hasNonNull("allocated") ? number(n, "allocated") : -1);
  }

  private static Map<String, Long> counts(JsonNode n) {
    Map<String, Long> counts = new HashMap<>();
    if (n != null) {
      n.properties().forEach(e -> counts.put(e.getKey(), e.getValue().longValue()));
    }
    return counts;
  }

  private static <T> List<T> list(JsonNode n, String key, Function<JsonNode, T> element) {
    List<T> out = new ArrayList<>();
    n.path(key).forEach(e -> out.add(element.apply(e)));
    return out;
  }

  private static JsonNode required(JsonNode n, String key) {
    JsonNode value = n.get(key);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("a plan header needs \"" + key + "\"");
    }
    return value;
  }

  private static String text(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : null;
  }

  private static long number(JsonNode n, String key) {
    JsonNode value = required(n, key);
    if (value.isTextual() && value.asText().matches("-?[0-9]{1,19}")) {
      return Long.parseLong(value.asText()); // a 64-bit value as printed for readers that round numbers
    }
    if (!value.canConvertToLong()) {
      throw new IllegalArgumentException("\"" + key + "\" is not a whole number: " + value);
    }
    return value.longValue();
  }

  private static Long optionalNumber(JsonNode n, String key) {
    return n.hasNonNull(key) ? number(n, key) : null;
  }

  private static Instant instant(JsonNode n, String key) {
    return Instant.parse(required(n, key).asText());
  }

  private static Duration duration(JsonNode n, String key) {
    return n.hasNonNull(key) ? Duration.parse(n.get(key).asText()) : null;
  }
}
