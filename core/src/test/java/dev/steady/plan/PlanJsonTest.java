package dev.steady.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steady.canonical.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PlanJsonTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456789Z");
  private static final byte[] LATIN1 = {'/', 'l', 'o', 'g', '/', 'c', (byte) 0xe9, '.', 'l', 'o', 'g'};

  @Test
  void write_nonUtf8Path_getsDisplayFormAndExactBytes() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/é.log", 7), file(LATIN1, 9))));
    JsonNode doc = CanonicalJson.parse(written(plan(files), files, true));

    JsonNode utf8 = doc.at("/hosts/0/files/0");
    JsonNode latin1 = doc.at("/hosts/0/files/1");
    assertThat(utf8.get("path").asText()).isEqualTo("/log/é.log");
    assertThat(utf8.has("path_bytes")).isFalse();
    assertThat(latin1.get("path").asText()).isEqualTo("/log/c\\xe9.log");
    assertThat(Base64.getDecoder().decode(latin1.get("path_bytes").asText())).isEqualTo(LATIN1);
    assertThat(latin1.get("mtime").asText()).isEqualTo("2023-11-14T22:13:20.123456798Z");
    assertThat(latin1.get("mtime_ns").asLong()).isEqualTo(1_700_000_000_123_456_798L);
    assertThat(latin1.get("size").asLong()).isEqualTo(9);
    assertThat(latin1.get("inode").asLong()).isEqualTo(1009);
    assertThat(latin1.get("device").asLong()).isEqualTo(64769);
  }

  @Test
  void write_isTheSection6Document_inCanonicalForm() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a\nb☃.log", 1), file(LATIN1, 2))));
    Plan plan = plan(files).withId("f".repeat(64), "K7-TOKEN");
    String text = written(plan, files, true);
    JsonNode doc = CanonicalJson.parse(text);

    assertThat(CanonicalJson.isCanonical(text)).isTrue();
    assertThat(doc.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "confirm_token",
        "created_at", "expires_at", "author", "target", "criteria", "guards", "hosts", "count",
        "bytes");
    assertThat(doc.get("id").asText()).isEqualTo("f".repeat(64));
    assertThat(doc.get("confirm_token").asText()).isEqualTo("K7-TOKEN");
    assertThat(doc.get("created_at").asText()).isEqualTo("2025-03-01T10:15:30.123456789Z");
    assertThat(doc.at("/criteria/older_than_s").asLong()).isEqualTo(14 * 86400);
    assertThat(doc.at("/criteria/older_than").asText()).isEqualTo("PT336H");
    assertThat(doc.at("/hosts/0").fieldNames()).toIterable().contains("name", "root", "files",
        "count", "bytes", "total_files", "free_bytes", "fs_bytes", "oldest_mtime", "newest_mtime",
        "largest", "sample", "excluded", "skipped", "notes");
    assertThat(doc.at("/hosts/0/files")).hasSize(2);
    assertThat(doc.at("/hosts/0/count").asLong()).isEqualTo(2);
  }

  @Test
  void write_withoutFiles_leavesThemOut_andTheStreamOpen() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a", 1))));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean[] closed = {false};
    FilterOutputStream out = new FilterOutputStream(bytes) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    PlanJson.write(plan(files), null, 0, false, out);

    JsonNode doc = CanonicalJson.parse(bytes.toString(StandardCharsets.UTF_8));
    assertThat(doc.at("/hosts/0").has("files")).isFalse();
    assertThat(doc.at("/hosts/0/count").asLong()).isEqualTo(1);
    assertThat(closed[0]).isFalse();
  }

  /** The 64-bit values the printed document has as strings, back to numbers, as the id hashes them. */
  private static void numbers(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (String key : List.of("mtime_ns", "inode", "device", "oldest_mtime_ns", "newest_mtime_ns")) {
        if (o.has(key) && o.get(key).isTextual()) {
          o.put(key, Long.parseLong(o.get(key).asText()));
        }
      }
    }
    node.forEach(PlanJsonTest::numbers);
  }

  @Test
  void allocatedSpace_isInTheDocumentOnlyWhenKnown_soPlansMadeBeforeKeepTheirId() {
    Files unknown = new Files(Map.of("web-01", List.of(file("/log/a", 1))));
    FileEntry a = file("/log/a", 1);
    Files known = new Files(Map.of("web-01", List.of(new FileEntry(a.path(), a.size(), a.mtimeNanos(), a.inode(), a.device(), 4096))));

    JsonNode before = CanonicalJson.parse(written(plan(unknown), unknown, true));
    JsonNode after = CanonicalJson.parse(written(plan(known), known, true));

    assertThat(before.at("/hosts/0/files/0").has("allocated")).isFalse();
    assertThat(before.at("/hosts/0").has("allocated_bytes")).isFalse();
    assertThat(after.at("/hosts/0/files/0/allocated").asLong()).isEqualTo(4096);
    assertThat(PlanJson.id(plan(known), known, 0)).isNotEqualTo(PlanJson.id(plan(unknown), unknown, 0));
    assertThat(PlanJson.readHeader(PlanJson.headerJson(plan(unknown))).hosts().getFirst().allocatedBytes()).isEqualTo(-1);
  }

  @Test
  void printed64BitValues_areStrings_exactlyTheNumbers() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a", 1))));
    JsonNode doc = CanonicalJson.parse(written(plan(files), files, true));

    assertThat(doc.at("/hosts/0/files/0/mtime_ns").isTextual()).isTrue();
    assertThat(doc.at("/hosts/0/files/0/inode").isTextual()).isTrue();
    assertThat(doc.at("/hosts/0/files/0/device").isTextual()).isTrue();
    assertThat(doc.at("/hosts/0/newest_mtime_ns").isTextual()).isTrue();
    assertThat(doc.at("/hosts/0/files/0/size").isNumber()).isTrue();
  }

  @Test
  void id_isTheSha256OfTheCanonicalDocument_withoutIdAndToken() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a\uD83D\uDE00", 1), file(LATIN1, 2)),
        "web-02", List.of(file("/log/b", 3))));
    Plan plan = plan(files);
    ObjectNode doc = (ObjectNode) CanonicalJson.parse(written(plan.withId("x", "y"), files, true));
    doc.remove(List.of("id", "confirm_token"));
    numbers(doc); // printed as strings for readers that round them; hashed as numbers

    assertThat(PlanJson.id(plan, files, 0))
        .isEqualTo(CanonicalJson.sha256Hex(CanonicalJson.write(doc)))
        .isEqualTo(PlanJson.id(plan.withId("other", "token"), files, 0))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void id_changesWithEveryPartOfTheHeader() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a", 1))));
    Plan plan = plan(files);
    String id = PlanJson.id(plan, files, 0);
    HostPlan h = plan.hosts().get(0);
    List<UnaryOperator<Plan>> changes = List.of(
        p -> with(p, p.createdAt().plusNanos(1), p.expiresAt(), p.author(), p.criteria(), h),
        p -> with(p, p.createdAt(), p.expiresAt().plusSeconds(1), p.author(), p.criteria(), h),
        p -> with(p, p.createdAt(), p.expiresAt(), "root@ctl", p.criteria(), h),
        p -> with(p, p.createdAt(), p.expiresAt(), p.author(), criteria(Duration.ofDays(15)), h),
        p -> with(p, p.createdAt(), p.expiresAt(), p.author(), criteria(Duration.ofDays(14).plusNanos(1)), h),
        p -> with(p, p.createdAt(), p.expiresAt(), p.author(), p.criteria(), hostNamed(h, h.name(), "/var/log/other")),
        p -> with(p, p.createdAt(), p.expiresAt(), p.author(), p.criteria(), noted(h)));
    for (UnaryOperator<Plan> change : changes) {
      assertThat(PlanJson.id(change.apply(plan), files, 0)).isNotEqualTo(id);
    }
    Files renamed = new Files(Map.of("web-09", List.of(file("/log/a", 1))));
    Plan onOtherHost = with(plan, AT, plan.expiresAt(), plan.author(), plan.criteria(), hostNamed(h, "web-09", h.root()));
    assertThat(PlanJson.id(onOtherHost, renamed, 0)).isNotEqualTo(id);
  }

  @Test
  void id_refusesAHeaderWhoseTotalsDisagreeWithItsFiles() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a", 1))));
    Files more = new Files(Map.of("web-01", List.of(file("/log/a", 1), file("/log/b", 1))));

    assertThatThrownBy(() -> PlanJson.id(plan(files), more, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("host web-01: the plan counts 1 files, 1 bytes, but its draft holds 2 files, 2 bytes");
  }

  @Test
  void header_roundTripsExactly() {
    Files files = new Files(Map.of("web-01", List.of(file("/log/a", 1), file(LATIN1, 2))));
    Criteria all = new Criteria(Duration.ofDays(14).plusNanos(7), Duration.ofMinutes(5), 10L,
        1L << 40, List.of("*.log", "*.gz"), List.of("keep*"), 3, 2L, 3L, "/backup", true, true);
    Plan plan = with(plan(files), AT, AT.plusSeconds(3600), "ops@ctl", all, plan(files).hosts().get(0))
        .withId("a".repeat(64), "TOKEN-1");

    String json = PlanJson.headerJson(plan);
    assertThat(PlanJson.readHeader(json)).isEqualTo(plan);
    assertThat(CanonicalJson.isCanonical(json)).isTrue();
    assertThat(json).doesNotContain("\"files\"");

    Plan sparse = new Plan(null, null, AT, AT, null, null, null, List.of(), List.of(), 0, 0);
    assertThat(PlanJson.readHeader(PlanJson.headerJson(sparse))).isEqualTo(sparse);
  }

  @Test
  void readHeader_refusesWhatIsNotAHeader() {
    assertThatThrownBy(() -> PlanJson.readHeader("[1]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlanJson.readHeader("{\"created_at\": \"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlanJson.readHeader("{")).isInstanceOf(IllegalArgumentException.class);
  }

  enum Field { PATH, SIZE, MTIME, INODE, DEVICE }

  @Property(tries = 300)
  void id_changesWhenAnyFieldOfAnyFileChanges(
      @ForAll @Size(min = 1, max = 8) List<@From("files") FileEntry> entries,
      @ForAll Field field, @ForAll long pick) {
    int i = Math.floorMod(pick, entries.size());
    List<FileEntry> changed = new ArrayList<>(entries);
    changed.set(i, mutate(entries.get(i), field));
    Files before = new Files(Map.of("web-01", entries));
    Files after = new Files(Map.of("web-01", changed));

    String id = PlanJson.id(plan(before), before, 0);
    assertThat(PlanJson.id(plan(before), before, 0)).isEqualTo(id);
    assertThat(PlanJson.id(plan(after), after, 0)).isNotEqualTo(id);
  }

  @Property(tries = 200)
  void header_roundTripsAnyFileBytes(@ForAll @Size(max = 10) List<@From("files") FileEntry> entries) {
    Files files = new Files(Map.of("web-01", entries));
    Plan plan = plan(files).withId("b".repeat(64), "T");
    HostPlan h = plan.hosts().get(0);
    HostPlan withSample = new HostPlan(h.name(), h.root(), h.count(), h.bytes(), h.totalFiles(),
        h.freeBytes(), h.fsBytes(), h.oldestMtimeNanos(), h.newestMtimeNanos(), entries, entries,
        h.excluded(), h.skipped(), h.notes());
    Plan full = with(plan, AT, plan.expiresAt(), plan.author(), plan.criteria(), withSample);

    assertThat(PlanJson.readHeader(PlanJson.headerJson(full))).isEqualTo(full);
    assertThat(CanonicalJson.isCanonical(written(full, files, true))).isTrue();
  }

  @Provide
  Arbitrary<FileEntry> files() {
    Arbitrary<byte[]> paths = Arbitraries.bytes().list().ofMaxSize(12).map(tail -> {
      byte[] path = new byte[tail.size() + 1];
      path[0] = '/';
      for (int k = 0; k < tail.size(); k++) {
        path[k + 1] = tail.get(k);
      }
      return path;
    });
    return Combinators.combine(paths, Arbitraries.longs().between(0, 1L << 40), Arbitraries.longs(),
        Arbitraries.longs(), Arbitraries.longs()).as(FileEntry::new);
  }

  private static FileEntry mutate(FileEntry f, Field field) {
    byte[] path = f.path();
    return switch (field) {
      case PATH -> {
        byte[] longer = java.util.Arrays.copyOf(path, path.length + 1);
        if (path.length > 1) {
          path[path.length - 1] ^= 1;
          yield new FileEntry(path, f.size(), f.mtimeNanos(), f.inode(), f.device());
        }
        longer[path.length] = 'x';
        yield new FileEntry(longer, f.size(), f.mtimeNanos(), f.inode(), f.device());
      }
      case SIZE -> new FileEntry(path, f.size() + 1, f.mtimeNanos(), f.inode(), f.device());
      case MTIME -> new FileEntry(path, f.size(), f.mtimeNanos() + 1, f.inode(), f.device());
      case INODE -> new FileEntry(path, f.size(), f.mtimeNanos(), f.inode() + 1, f.device());
      case DEVICE -> new FileEntry(path, f.size(), f.mtimeNanos(), f.inode(), f.device() + 1);
    };
  }

  private static String written(Plan plan, PlanStorage files, boolean withFiles) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PlanJson.write(plan, files, 0, withFiles, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static FileEntry file(String path, long size) {
    return file(path.getBytes(StandardCharsets.UTF_8), size);
  }

  private static FileEntry file(byte[] path, long size) {
    return new FileEntry(path, size, 1_700_000_000_123_456_789L + size, 1000 + size, 64769);
  }

  private static Criteria criteria(Duration olderThan) {
    return new Criteria(olderThan, null, null, null, List.of("*.log"), List.of(), null, null, null,
        null, false, false);
  }

  /** A plan over {@code files}, its totals computed from them. */
  private static Plan plan(Files files) {
    List<HostPlan> hosts = new ArrayList<>();
    files.byHost.forEach((name, list) -> {
      long bytes = list.stream().mapToLong(FileEntry::size).sum();
      hosts.add(new HostPlan(name, "/var/log", list.size(), bytes, 100, 1L << 30, 1L << 34,
          1_600_000_000_000_000_000L, 1_700_000_000_000_000_001L, List.of(), List.of(),
          Map.of("newer than --older-than", 3L), Map.of("symbolic link", 1L), List.of()));
    });
    long count = hosts.stream().mapToLong(HostPlan::count).sum();
    long bytes = hosts.stream().mapToLong(HostPlan::bytes).sum();
    return new Plan(null, null, AT, AT.plusSeconds(3600), "ops@ctl", "web",
        criteria(Duration.ofDays(14)), List.of("expected about 10 files"), hosts, count, bytes);
  }

  private static Plan with(Plan p, Instant created, Instant expires, String author, Criteria c,
      HostPlan host) {
    return new Plan(p.id(), p.confirmToken(), created, expires, author, p.target(), c, p.guards(),
        List.of(host), p.count(), p.bytes());
  }

  private static HostPlan hostNamed(HostPlan h, String name, String root) {
    return new HostPlan(name, root, h.count(), h.bytes(), h.totalFiles(), h.freeBytes(),
        h.fsBytes(), h.oldestMtimeNanos(), h.newestMtimeNanos(), h.largest(), h.sample(),
        h.excluded(), h.skipped(), h.notes());
  }

  private static HostPlan noted(HostPlan h) {
    return new HostPlan(h.name(), h.root(), h.count(), h.bytes(), h.totalFiles(), h.freeBytes(),
        h.fsBytes(), h.oldestMtimeNanos(), h.newestMtimeNanos(), h.largest(), h.sample(),
        h.excluded(), h.skipped(), List.of("root is on a nearly full filesystem"));
  }

  /** Files held in memory, host by host: only {@link #forEachFile} is used by PlanJson. */
  private static final class Files implements PlanStorage {

    private final Map<String, List<FileEntry>> byHost;

    Files(Map<String, List<FileEntry>> byHost) {
      this.byHost = new LinkedHashMap<>(new java.util.TreeMap<>(byHost));
    }

    @Override
    public void forEachFile(long draft, String host, Consumer<PlannedFile> sink) {
      List<FileEntry> list = byHost.getOrDefault(host, List.of());
      for (int i = 0; i < list.size(); i++) {
        sink.accept(new PlannedFile(i, list.get(i)));
      }
    }

    @Override
    public long createDraft() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<PlannedFile> filesPage(long draft, String host, String contains, long afterSeq, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void appendFiles(long draft, String host, List<FileEntry> batch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sealDraft(long draft, Plan plan) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteDraft(long draft) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Plan> findPlan(String idOrPrefix) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long draftOf(String planId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PlanState planState(String planId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean claimForApply(String planId, String run, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void finishApply(String planId, String run, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void recordFileResults(String planId, String host, List<FileResult> results) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void forEachFileResult(String planId, String host, Consumer<FileResult> sink) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Plan> recentPlans(int limit) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void instant_writesExactlyWhatTheIsoFormatterWrites_forAnyTime() {
    java.time.format.DateTimeFormatter iso = new java.time.format.DateTimeFormatterBuilder().appendInstant(9).toFormatter();
    java.util.Random random = new java.util.Random(7);
    List<Long> times = new java.util.ArrayList<>(List.of(0L, -1L, 1L, 999_999_999L, 1_000_000_000L, -1_500_000_000L,
        Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000_123_456_789L));
    for (int i = 0; i < 100_000; i++) {
      times.add(random.nextLong());
      times.add(Math.floorMod(random.nextLong(), 4_000_000_000_000_000_000L));
    }
    for (long t : times) {
      Instant expected = Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L));
      assertThat(PlanJson.instant(t)).as("%d", t).isEqualTo(iso.format(expected));
    }
  }
}
