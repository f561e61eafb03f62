package dev.steady.check;

import dev.steady.failure.SteadyException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A runbook check written as a map, e.g. {@code {http: URL, status: 200, contains: ok}}. */
final class CheckMap {

  private static final List<String> KINDS = List.of("cmd", "nagios", "tcp", "http");
  private static final Set<String> KEYS = Set.of("cmd", "nagios", "tcp", "http", "status", "contains", "warning_ok");

  private CheckMap() {}

  static Check read(Map<?, ?> map, String source) {
    Set<String> keys = new TreeSet<>();
    map.keySet().forEach(k -> keys.add(String.valueOf(k)));
    List<String> kinds = KINDS.stream().filter(keys::contains).toList();
    Set<String> unknown = new TreeSet<>(keys);
    unknown.removeAll(KEYS);
    if (kinds.size() != 1 || !unknown.isEmpty()) {
      throw bad(source, "a check map needs exactly one of cmd, nagios, tcp, http" + (unknown.isEmpty() ? "" : "; unknown keys " + unknown));
    }
    String kind = kinds.get(0);
    if (!kind.equals("http") && (keys.contains("status") || keys.contains("contains"))) {
      throw bad(source, "status and contains go only with http");
    }
    if (!kind.equals("nagios") && keys.contains("warning_ok")) {
      throw bad(source, "warning_ok goes only with nagios");
    }
    String value = scalar(map.get(kind), source, kind);
    return switch (kind) {
      case "http" -> http(map, value, source);
      case "tcp" -> Checks.parse("tcp:" + value, source);
      default -> Checks.parse(kind + ":" + value, source, Boolean.TRUE.equals(map.get("warning_ok")) || "true".equals(map.get("warning_ok")));
    };
  }

  private static Check http(Map<?, ?> map, String url, String source) {
    if (url.strip().chars().anyMatch(Character::isWhitespace)) {
      throw bad(source, "http must be a URL without spaces; put status and contains in their own keys");
    }
    StringBuilder spec = new StringBuilder(url.strip());
    if (map.containsKey("status")) {
      spec.append(" status=").append(scalar(map.get("status"), source, "status"));
    }
    if (map.containsKey("contains")) {
      spec.append(" contains=").append(scalar(map.get("contains"), source, "contains"));
    }
    return Checks.parse(spec.toString(), source);
  }

  private static String scalar(Object value, String source, String key) {
    if (value instanceof String || value instanceof Number) {
      return value.toString();
    }
    throw bad(source, key + " must be a single value, found " + (value == null ? "nothing" : Text.printable(value.toString())));
  }

  private static SteadyException bad(String source, String problem) {
    return SteadyException.badInput(source + ": " + problem + "; e.g. {http: 'http://127.0.0.1:8080/health', status: 200}"
        + " or 'tcp:8080'");
  }
}
