package dev.steady.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.steady.plan.SortedJson.Streamed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A cleanup plan as JSON (DESIGN.md §6): the document {@code --json} prints, the header the store
 * keeps, and the plan id. The id is the SHA-256 of the canonical document without {@code id} and
 * {@code confirm_token}, files included, so any change to what was reviewed is another plan
 * (invariant 4). Files stream from {@link PlanStorage} into the output or the digest, never held.
 *
 * <p>A file is {@code {"path", "path_bytes"?, "size", "allocated"?, "mtime", "mtime_ns", "inode", "device"}}
 * ({@code allocated}: bytes on disk, absent in plans made before steady listed it):
 * {@code path} is the path when it is valid UTF-8, else a display form with {@code \xNN} per
 * invalid byte and {@code path_bytes} the exact bytes in base64; {@code mtime} is ISO-8601 with
 * nanoseconds. Keys are always in canonical (sorted) order. In the document front ends print
 * ({@link #write}), the 64-bit values {@code mtime_ns}, {@code inode}, {@code device},
 * {@code oldest_mtime_ns} and {@code newest_mtime_ns} are decimal strings (JSON readers that use
 * doubles, jq 1.6 among them, round numbers above 2^53); the id and the stored header have numbers.
 */
public final class PlanJson {

  private static final JsonFactory FACTORY = JsonMapper.builder().build().getFactory();
  private static final DateTimeFormatter NANOS =
      new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

  private PlanJson() {}

  /** The plan id: SHA-256 hex of the canonical document without id and token, files streamed. */
  public static String id(Plan header, PlanStorage files, long draft) {
    MessageDigest sha256 = sha256();
    try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
      generate(document(header, false, files, draft, false), digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * Writes the §6 document of {@code plan} to {@code out} (left open); with {@code withFiles},
   * each host's files streamed from {@code files} under {@code draft}.
   */
  public static void write(
      Plan plan, PlanStorage files, long draft, boolean withFiles, OutputStream out) {
    write(plan, files, draft, withFiles, Map.of(), out);
  }

  /**
   * Like {@link #write(Plan, PlanStorage, long, boolean, OutputStream)}, plus {@code state} fields
   * that change after sealing (e.g. {@code "state"}, {@code "approval"}). They sit beside the sealed
   * document and are never part of what the id hashes; a key of the document cannot be replaced.
   */
  public static void write(
      Plan plan, PlanStorage files, long draft, boolean withFiles, Map<String, Object> state, OutputStream out) {
    write(plan, files, draft, withFiles, state, true, out);
  }

  /**
   * @param text64 64-bit values that can exceed 2^53 (mtime_ns, inode, device, oldest/newest_mtime_ns)
   *     as JSON strings, so that no JSON reader rounds them (jq 1.6 reads numbers as doubles); the
   *     id and the stored header hash and keep them as numbers
   */
  private static void write(Plan plan, PlanStorage files, long draft, boolean withFiles, Map<String, Object> state, boolean text64,
      OutputStream out) {
    Map<String, Object> document = document(plan, true, withFiles ? files : null, draft, text64);
    state.forEach((key, value) -> {
      if (document.containsKey(key)) {
        throw new IllegalArgumentException("'" + key + "' is a field of the sealed plan");
      }
      document.put(key, value);
    });
    try {
      generate(document, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plan without its files, as canonical JSON: what the store keeps; see {@link #readHeader}. */
  public static String headerJson(Plan plan) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(plan, null, 0, false, Map.of(), false, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Reads a header written by {@link #headerJson} back into the same plan.
   *
   * @throws IllegalArgumentException when the text is not such a header
   */
  public static Plan readHeader(String json) {
    return PlanJsonReader.plan(json);
  }

  /** The ISO-8601 form of an mtime in nanoseconds since the epoch, with nine fraction digits. */
  public static String instant(long epochNanos) {
    long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
    int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    if (seconds < 0 || seconds >= YEAR_10000) {
      return NANOS.format(Instant.ofEpochSecond(seconds, nanos));
    }
    // the same text as NANOS for years 1970-9999, without the formatter (a million files are hashed at apply)
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, nanos, java.time.ZoneOffset.UTC);
    char[] c = "0000-00-00T00:00:00.000000000Z".toCharArray();
    digits(c, 0, 4, t.getYear());
    digits(c, 5, 2, t.getMonthValue());
    digits(c, 8, 2, t.getDayOfMonth());
    digits(c, 11, 2, t.getHour());
    digits(c, 14, 2, t.getMinute());
    digits(c, 17, 2, t.getSecond());
    digits(c, 20, 9, nanos);
    return new String(c);
  }

  private static final long YEAR_10000 = 253_402_300_800L;

  private static void digits(char[] c, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static void generate(Object document, OutputStream out) throws IOException {
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      SortedJson.write(gen, document);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Map<String, Object> document(
      Plan p, boolean identified, PlanStorage files, long draft, boolean text64) {
    Map<String, Object> m = new HashMap<>();
    if (identified) {
      m.put("id", p.id());
      m.put("confirm_token", p.confirmToken());
    }
    m.put("created_at", p.createdAt().toString());
    m.put("expires_at", p.expiresAt().toString());
    m.put("author", p.author());
    m.put("target", p.target());
    m.put("criteria", p.criteria() == null ? null : criteria(p.criteria()));
    m.put("guards", p.guards());
    m.put("hosts", p.hosts().stream().map(h -> host(h, files, draft, text64)).toList());
    m.put("count", p.count());
    m.put("bytes", p.bytes());
    return m;
  }

  /** The criteria as {@link Criteria#toMap()}, plus durations exactly (ISO-8601). */
  private static Map<String, Object> criteria(Criteria c) {
    Map<String, Object> m = new HashMap<>(c.toMap());
    putDuration(m, "older_than", c.olderThan());
    putDuration(m, "newer_than", c.newerThan());
    return m;
  }

  private static void putDuration(Map<String, Object> m, String key, Duration d) {
    if (d != null) {
      m.put(key, d.toString());
    }
  }

  private static Map<String, Object> host(HostPlan h, PlanStorage files, long draft, boolean text64) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", h.name());
    m.put("root", h.root());
    m.put("count", h.count());
    m.put("bytes", h.bytes());
    if (h.allocatedBytes() >= 0) {
      m.put("allocated_bytes", h.allocatedBytes()); // absent when unknown, so plans made before it keep their id
    }
    m.put("total_files", h.totalFiles());
    m.put("free_bytes", h.freeBytes());
    m.put("fs_bytes", h.fsBytes());
    m.put("oldest_mtime", h.count() == 0 ? null : instant(h.oldestMtimeNanos()));
    m.put("oldest_mtime_ns", wide(h.oldestMtimeNanos(), text64));
    m.put("newest_mtime", h.count() == 0 ? null : instant(h.newestMtimeNanos()));
    m.put("newest_mtime_ns", wide(h.newestMtimeNanos(), text64));
    m.put("largest", fileList(h.largest(), text64));
    m.put("sample", fileList(h.sample(), text64));
    m.put("excluded", h.excluded());
    m.put("skipped", h.skipped());
    m.put("notes", h.notes());
    if (files != null) {
      m.put("files", new HostFiles(h, files, draft, text64));
    }
    return m;
  }

  /** A 64-bit value as a number, or as its decimal string for readers that would round it. */
  private static Object wide(long value, boolean text64) {
    return text64 ? Long.toString(value) : value;
  }

  private static Streamed fileList(List<FileEntry> entries, boolean text64) {
    return gen -> {
      gen.writeStartArray();
      for (FileEntry f : entries) {
        writeFile(gen, f, text64);
      }
      gen.writeEndArray();
    };
  }

  /** One file, keys in canonical order (a test compares with {@code CanonicalJson}). */
  static void writeFile(JsonGenerator gen, FileEntry f) throws IOException {
    writeFile(gen, f, false);
  }

  private static void writeFile(JsonGenerator gen, FileEntry f, boolean text64) throws IOException {
    gen.writeStartObject();
    if (f.allocated() >= 0) {
      gen.writeNumberField("allocated", f.allocated()); // absent when unknown, so plans made before it keep their id
    }
    wideField(gen, "device", f.device(), text64);
    wideField(gen, "inode", f.inode(), text64);
    gen.writeStringField("mtime", instant(f.mtimeNanos()));
    wideField(gen, "mtime_ns", f.mtimeNanos(), text64);
    gen.writeStringField("path", f.displayPath());
    if (!f.utf8()) {
      gen.writeStringField("path_bytes", f.pathBase64());
    }
    gen.writeNumberField("size", f.size());
    gen.writeEndObject();
  }

  private static void wideField(JsonGenerator gen, String name, long value, boolean text64) throws IOException {
    if (text64) {
      gen.writeStringField(name, Long.toString(value));
    } else {
      gen.writeNumberField(name, value);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * A host's files read from the store while they are written. The count and bytes streamed must
   * equal the host's totals: a review that disagrees with its files is never hashed or shown.
   */
  private record HostFiles(HostPlan host, PlanStorage files, long draft, boolean text64) implements Streamed {

    @Override
    public void write(JsonGenerator gen) throws IOException {
      long[] tally = new long[2];
      gen.writeStartArray();
      files.forEachFile(draft, host.name(), planned -> {
        try {
          writeFile(gen, planned.file(), text64);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        tally[0]++;
        tally[1] += planned.file().size();
      });
      gen.writeEndArray();
      if (tally[0] != host.count() || tally[1] != host.bytes()) {
        throw new IllegalStateException("host " + host.name() + ": the plan counts "
            + host.count() + " files, " + host.bytes() + " bytes, but its draft holds "
            + tally[0] + " files, " + tally[1] + " bytes");
      }
    }
  }
}
