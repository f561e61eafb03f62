package dev.steady.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steady.canonical.CanonicalJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How entries are chained: {@code hash = sha256Hex(prevHash + "\n" + canonical JSON of {seq, at,
 * actor, action, host, run, data})}, starting from {@link #GENESIS}. Stores use it to seal, and
 * {@link AuditLog#verify()} to check (invariant 6).
 */
public final class AuditChain {

  /** The previous hash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AuditChain() {}

  /** Seals {@code record} as entry {@code seq} following an entry whose hash is {@code prevHash}. */
  public static AuditEntry seal(long seq, String prevHash, AuditRecord record, String dataJson) {
    String hash =
        hash(seq, prevHash, record.at(), record.actor(), record.action(), record.host(),
            record.run(), dataJson);
    return new AuditEntry(seq, record.at(), record.actor(), record.action(), record.host(),
        record.run(), dataJson, prevHash, hash);
  }

  /** The canonical JSON of a record's data, computed once before sealing. */
  public static String dataJson(AuditRecord record) {
    return CanonicalJson.write(record.data());
  }

  /** The hash an entry with this content must carry. */
  public static String hash(AuditEntry e) {
    return hash(e.seq(), e.prevHash(), e.at(), e.actor(), e.action(), e.host(), e.run(),
        e.dataJson());
  }

  /** The stored text of a timestamp: ISO-8601 UTC with exactly three fraction digits. */
  public static String formatAt(Instant at) {
    return AT.format(at);
  }

  /** Reads a timestamp written by {@link #formatAt}; any other text is refused. */
  public static Instant parseAt(String text) {
    try {
      Instant at = Instant.parse(text);
      if (!formatAt(at).equals(text)) {
        throw new IllegalArgumentException("timestamp '" + text + "' is not in stored form");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp '" + text + "' is not ISO-8601", e);
    }
  }

  private static String hash(long seq, String prevHash, Instant at, String actor, String action,
      String host, String run, String dataJson) {
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    content.put("seq", seq);
    content.put("at", formatAt(at));
    content.put("actor", actor);
    content.put("action", action);
    content.put("host", host);
    content.put("run", run);
    content.set("data", CanonicalJson.parse(dataJson));
    return CanonicalJson.sha256Hex(prevHash + "\n" + CanonicalJson.write(content));
  }
}
