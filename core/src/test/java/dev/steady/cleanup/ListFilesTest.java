package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import dev.steady.plan.Criteria;
import dev.steady.plan.FileEntry;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Planning's listing against a real embedded SSH host: criteria, boundaries, odd names, links. */
@Timeout(60)
class ListFilesTest {

  @TempDir static Path dir;
  static TestHost web01;
  static VerifiedConnection connection;
  static final AtomicInteger trees = new AtomicInteger();
  Path root;

  @BeforeAll
  static void start() throws IOException {
    web01 = TestHost.start(dir);
    connection = web01.connect();
  }

  @AfterAll
  static void stop() {
    connection.close();
    web01.close();
  }

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectories(web01.host.root().resolve("tree-" + trees.incrementAndGet()));
  }

  static Criteria criteria(Duration older, Duration newer, Long min, Long max, List<String> names, List<String> excludes,
      Integer depth) {
    return new Criteria(older, newer, min, max, names, excludes, depth, null, null, null, false, false);
  }

  static Criteria names(String... globs) {
    return criteria(null, null, null, null, List.of(globs), List.of(), null);
  }

  record Listed(Listing listing, List<FileEntry> files) {
    List<String> paths() {
      return files.stream().map(f -> Sh.text(f.path())).toList();
    }
  }

  static Listed list(VerifiedConnection c, String root, Criteria criteria) throws IOException {
    List<FileEntry> files = new ArrayList<>();
    Listing listing = new ListFiles(c, root, criteria, Instant.now()).call(files::add);
    return new Listed(listing, files);
  }

  Listed list(Criteria criteria) throws IOException {
    return list(connection, root.toString(), criteria);
  }

  @Test
  void list_streamsEachMatchedFileWithItsIdentity() throws IOException {
    Path a = Sh.file(root.resolve("a.log"), 10, 1_600_000_000);
    Path b = Sh.file(root.resolve("sub/b.log"), 20, 1_600_000_100);
    Sh.file(root.resolve("c.txt"), 30, 1_600_000_200);
    Sh.run("touch -m -d @1600000100.123456789 \"$1\"", b.toString());

    Listed l = list(names("*.log"));

    assertThat(l.files()).containsExactlyInAnyOrder(Sh.entry(a), Sh.entry(b));
    assertThat(l.files()).filteredOn(f -> f.size() == 20).singleElement()
        .satisfies(f -> assertThat(f.mtimeNanos()).isEqualTo(1_600_000_100_123_456_789L));
    Listing s = l.listing();
    assertThat(s.root()).isEqualTo(root.toString());
    assertThat(s.totalFiles()).isEqualTo(3);
    assertThat(s.matchedCount()).isEqualTo(2);
    assertThat(s.matchedBytes()).isEqualTo(30);
    assertThat(s.oldestMtimeNanos()).isEqualTo(1_600_000_000_000_000_000L);
    assertThat(s.newestMtimeNanos()).isEqualTo(1_600_000_100_123_456_789L);
    assertThat(s.excluded()).isEqualTo(Map.of("does not match --name", 1L));
    assertThat(s.skipped()).isEmpty();
    assertThat(s.fsBytes()).isPositive();
    assertThat(s.freeBytes()).isPositive().isLessThanOrEqualTo(s.fsBytes());
    assertThat(s.evaluatedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void list_refusesRelativeRoot() {
    assertThatThrownBy(() -> list(connection, "logs", names("*")))
        .isInstanceOfSatisfying(SteadyException.class, e -> assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT))
        .hasMessage("host web-01: --path logs is relative; pass an absolute path");
  }

  @Test
  void list_refusesMissingRoot() {
    String missing = root.resolve("nope").toString();
    assertThatThrownBy(() -> list(connection, missing, names("*")))
        .hasMessage("host web-01: --path " + missing + " does not exist; check the path on web-01");
  }

  @Test
  void list_refusesRootThatIsAFile() throws IOException {
    Path f = Sh.file(root.resolve("f"), 1, 1_600_000_000);
    assertThatThrownBy(() -> list(connection, f.toString(), names("*")))
        .hasMessage("host web-01: --path " + f + " is not a directory; pass the directory that holds the files");
  }

  @Test
  void list_refusesRootReachedThroughSymbolicLink() throws IOException {
    Path real = Files.createDirectories(root.resolve("real/y"));
    Files.createSymbolicLink(root.resolve("x"), root.resolve("real"));
    String viaLink = root.resolve("x/y").toString();

    assertThatThrownBy(() -> list(connection, viaLink, names("*")))
        .isInstanceOfSatisfying(SteadyException.class, e -> assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT))
        .hasMessage("host web-01: --path " + viaLink + " resolves to " + real + " through a symbolic link; pass the real path");
  }

  @Test
  void list_refusesRootThatIsItselfASymbolicLink() throws IOException {
    Path real = Files.createDirectories(root.resolve("real"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertThatThrownBy(() -> list(connection, link.toString(), names("*")))
        .hasMessage("host web-01: --path " + link + " is a symbolic link to " + real + "; pass the real path");
  }

  @Test
  void list_refusesNonCanonicalRoot() {
    assertThatThrownBy(() -> list(connection, root + "/", names("*")))
        .hasMessage("host web-01: --path " + root + "/ is not canonical; pass " + root);
    assertThatThrownBy(() -> list(connection, root + "/./", names("*")))
        .hasMessage("host web-01: --path " + root + "/./ is not canonical; pass " + root);
  }

  @Test
  void list_acceptsRootWithQuotesSpacesAndDollars() throws IOException {
    Path odd = Files.createDirectories(root.resolve("it's a $HOME `x` dir"));
    Path f = Sh.file(odd.resolve("a.log"), 5, 1_600_000_000);

    Listed l = list(connection, odd.toString(), names("*.log"));

    assertThat(l.files()).containsExactly(Sh.entry(f));
    assertThat(l.listing().root()).isEqualTo(odd.toString());
  }

  @Test
  void list_keepsOddNamesAsExactBytes() throws IOException {
    // created by the shell from octal escapes: names are bytes, and Java's own file names are text
    Sh.run("cd \"$1\" && for n in 'with space.log' 'quote'\"'\"'s.log' 'star*.log' '-leading.log' 'back\\slash.log' "
        + "\"$(printf 'new\\nline.log')\" \"$(printf 'latin\\351\\377.log')\" '$dollar`tick`.log'; do printf x > \"$n\"; done",
        root.toString());
    String longName = "L".repeat(251) + ".log";
    Sh.file(root.resolve(longName), 1, 1_600_000_000);

    Listed l = list(names("*.log"));

    List<byte[]> expected = new ArrayList<>();
    for (String n : List.of("with space.log", "quote's.log", "star*.log", "-leading.log", "back\\slash.log", "new\nline.log",
        "$dollar`tick`.log", longName)) {
      expected.add((root + "/" + n).getBytes(StandardCharsets.UTF_8));
    }
    byte[] latin = (root + "/latin").getBytes(StandardCharsets.UTF_8);
    byte[] latinFull = java.util.Arrays.copyOf(latin, latin.length + 6);
    System.arraycopy(new byte[] {(byte) 0xe9, (byte) 0xff, '.', 'l', 'o', 'g'}, 0, latinFull, latin.length, 6);
    expected.add(latinFull);
    assertThat(l.files()).hasSize(expected.size());
    for (byte[] e : expected) {
      assertThat(l.files()).as(FileEntry.display(e)).anyMatch(f -> f.samePath(e));
    }
    assertThat(l.files()).filteredOn(f -> !f.utf8()).singleElement()
        .satisfies(f -> assertThat(f.displayPath()).isEqualTo(root + "/latin\\xe9\\xff.log"));
  }

  @Test
  void list_neverFollowsSymbolicLinks_andCountsThemSkipped() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Sh.file(outside.resolve("target.log"), 7, 1_600_000_000);
    Sh.file(outside.resolve("sub/deep.log"), 7, 1_600_000_000);
    Path inside = Files.createDirectories(root.resolve("inside"));
    Path own = Sh.file(inside.resolve("own.log"), 3, 1_600_000_000);
    Files.createSymbolicLink(inside.resolve("file-link.log"), outside.resolve("target.log"));
    Files.createSymbolicLink(inside.resolve("dir-link"), outside.resolve("sub"));
    Files.createSymbolicLink(inside.resolve("dangling.log"), root.resolve("nothing"));

    Listed l = list(connection, inside.toString(), names("*.log"));

    assertThat(l.files()).containsExactly(Sh.entry(own));
    assertThat(l.listing().skipped()).isEqualTo(Map.of("symbolic link", 3L));
    assertThat(l.listing().skippedSample()).containsExactlyInAnyOrder(inside + "/file-link.log", inside + "/dir-link",
        inside + "/dangling.log");
    assertThat(l.listing().totalFiles()).isEqualTo(1);
  }

  @Test
  void list_countsOtherFileTypesSkipped() throws IOException {
    Sh.run("mkfifo \"$1/pipe.log\"", root.toString());
    Path f = Sh.file(root.resolve("f.log"), 1, 1_600_000_000);

    Listed l = list(names("*.log"));

    assertThat(l.files()).containsExactly(Sh.entry(f));
    assertThat(l.listing().skipped()).isEqualTo(Map.of("other file type", 1L));
  }

  @Test
  void list_sizeBoundsAreInclusiveAndExactInBytes() throws IOException {
    for (int size : new int[] {0, 99, 100, 101, 199, 200, 201, 1024, 1025}) {
      Sh.file(root.resolve("s" + size), size, 1_600_000_000);
    }

    Listed l = list(criteria(null, null, 100L, 200L, List.of(), List.of(), null));

    assertThat(l.files()).extracting(FileEntry::size).containsExactlyInAnyOrder(100L, 101L, 199L, 200L);
    assertThat(l.listing().excluded()).containsExactly(Map.entry("smaller than --min-size", 2L),
        Map.entry("larger than --max-size", 3L));
  }

  @Test
  void list_minSizeZeroTakesEmptyFiles_maxSizeZeroOnlyEmptyOnes() throws IOException {
    Sh.file(root.resolve("empty"), 0, 1_600_000_000);
    Sh.file(root.resolve("one"), 1, 1_600_000_000);

    assertThat(list(criteria(null, null, 0L, null, List.of(), List.of(), null)).files()).hasSize(2);
    assertThat(list(criteria(null, null, null, 0L, List.of(), List.of(), null)).files()).extracting(FileEntry::size)
        .containsExactly(0L);
  }

  @Test
  void list_olderThanCountsFromTheHostClock_fileExactlyAtTheCutoffIsOldEnough() throws IOException {
    Duration hour = Duration.ofHours(1);
    Listed l = atStableSecond(now -> {
      long cutoff = now - hour.toSeconds();
      Sh.file(root.resolve("before"), 1, cutoff - 1);
      Sh.file(root.resolve("at"), 1, cutoff);
      Sh.file(root.resolve("after"), 1, cutoff + 1);
      Sh.run("touch -m -d @" + cutoff + ".5 \"$1\"", Sh.file(root.resolve("at-plus-half"), 1, cutoff).toString());
    }, criteria(hour, null, null, null, List.of(), List.of(), null));

    assertThat(l.paths()).containsExactlyInAnyOrder(root + "/before", root + "/at");
    assertThat(l.listing().excluded()).isEqualTo(Map.of("newer than --older-than", 2L));
  }

  @Test
  void list_newerThanTakesOnlyFilesYoungerThanTheCutoff() throws IOException {
    Duration hour = Duration.ofHours(1);
    Listed l = atStableSecond(now -> {
      long cutoff = now - hour.toSeconds();
      Sh.file(root.resolve("before"), 1, cutoff - 1);
      Sh.file(root.resolve("at"), 1, cutoff);
      Sh.file(root.resolve("after"), 1, cutoff + 1);
    }, criteria(null, hour, null, null, List.of(), List.of(), null));

    assertThat(l.paths()).containsExactly(root + "/after");
    assertThat(l.listing().excluded()).isEqualTo(Map.of("older than --newer-than", 2L));
  }

  interface Setup {
    void at(long now) throws IOException;
  }

  /** Builds the tree around the host's current second and lists; retries if the host's clock ticked in between. */
  Listed atStableSecond(Setup setup, Criteria criteria) throws IOException {
    for (int attempt = 0; attempt < 5; attempt++) {
      long now = Sh.now();
      try (var files = Files.list(root)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      setup.at(now);
      Listed l = list(criteria);
      if (l.listing().evaluatedAt().getEpochSecond() == now) {
        return l;
      }
    }
    throw new AssertionError("the clock kept ticking between setup and listing");
  }

  @Test
  void list_maxDepthOneMeansTheRootsOwnFiles() throws IOException {
    Sh.file(root.resolve("d1.log"), 1, 1_600_000_000);
    Sh.file(root.resolve("a/d2.log"), 1, 1_600_000_000);
    Sh.file(root.resolve("a/b/d3.log"), 1, 1_600_000_000);

    assertThat(list(criteria(null, null, null, null, List.of("*.log"), List.of(), 1)).paths())
        .containsExactly(root + "/d1.log");
    assertThat(list(criteria(null, null, null, null, List.of("*.log"), List.of(), 2)).paths())
        .containsExactlyInAnyOrder(root + "/d1.log", root + "/a/d2.log");
    assertThat(list(criteria(null, null, null, null, List.of("*.log"), List.of(), 2)).listing().totalFiles()).isEqualTo(2);
    assertThatThrownBy(() -> list(criteria(null, null, null, null, List.of("*.log"), List.of(), 0)))
        .isInstanceOf(SteadyException.class).hasMessageContaining("--max-depth 0 selects nothing");
  }

  @Test
  void list_excludeWinsOverName_andReasonsAreCountedInCriteriaOrder() throws IOException {
    Sh.file(root.resolve("app.log"), 500, 1_600_000_000);
    Sh.file(root.resolve("keep.log"), 500, 1_600_000_000);
    Sh.file(root.resolve("app.log.1"), 500, 1_600_000_000);
    Sh.file(root.resolve("small.gz"), 5, 1_600_000_000);
    Sh.file(root.resolve("notes.txt"), 500, 1_600_000_000);
    Sh.file(root.resolve("*.log"), 500, 1_600_000_000);

    Listed l = list(criteria(null, null, 100L, null, List.of("*.log", "*.gz", "*.[0-9]"), List.of("keep*", "'*"), null));

    assertThat(l.paths()).containsExactlyInAnyOrder(root + "/app.log", root + "/app.log.1", root + "/*.log");
    assertThat(l.listing().excluded()).containsExactly(Map.entry("matches --exclude", 1L),
        Map.entry("does not match --name", 1L), Map.entry("smaller than --min-size", 1L));
    assertThat(l.listing().totalFiles()).isEqualTo(6);
  }

  @Test
  void list_countsUnreadableDirectoriesSkipped_withoutFailing() throws IOException {
    Path open = Files.createDirectories(Path.of("/tmp").resolve("steady-list-" + ProcessHandle.current().pid()));
    try {
      Sh.run("chmod 755 \"$1\" && mkdir -p \"$1/ok\" \"$1/closed\" && touch \"$1/ok/a.log\" \"$1/closed/b.log\" "
          + "&& chmod 644 \"$1/ok/a.log\" && chmod 755 \"$1/ok\" && chmod 700 \"$1/closed\"", open.toString());

      Listed l;
      try (VerifiedConnection nobody = web01.connectAsNobody()) {
        l = list(nobody, open.toString(), names("*.log"));
      }

      assertThat(l.paths()).containsExactly(open + "/ok/a.log");
      assertThat(l.listing().skipped()).isEqualTo(Map.of("unreadable", 1L));
      assertThat(l.listing().skippedSample()).containsExactly(open + "/closed");
    } finally {
      Sh.run("rm -rf \"$1\"", open.toString());
    }
  }

  @Test
  void list_refusesHostWithoutGnuFind() throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Sh.run("printf '#!/bin/sh\\necho BusyBox v1.36 find\\n' > \"$1/find\" && chmod +x \"$1/find\" "
        + "&& for t in grep readlink df tail date; do ln -s \"$(command -v $t)\" \"$1/$t\"; done", bin.toString());

    try (VerifiedConnection busybox = web01.connectWithPath(bin.toString())) {
      assertThatThrownBy(() -> list(busybox, root.toString(), names("*")))
          .isInstanceOfSatisfying(SteadyException.class, e -> assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED))
          .hasMessage("host web-01: cleanup planning needs GNU find (findutils) there, and `find --version` did not report it; "
              + "install findutils on web-01");
    }
  }

  @Test
  void list_failsNamingTheHostWhenFindFailsWithoutListing() throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    // a find that passes the version check and then fails outright
    Sh.run("printf '#!/bin/sh\\n[ \"$1\" = --version ] && { echo \"find (GNU findutils) 4.9.0\"; exit 0; }\\n"
        + "echo \"find: cannot allocate memory\" >&2; exit 1\\n' > \"$1/find\" && chmod +x \"$1/find\" "
        + "&& for t in grep readlink df tail date; do ln -s \"$(command -v $t)\" \"$1/$t\"; done", bin.toString());

    try (VerifiedConnection failing = web01.connectWithPath(bin.toString())) {
      assertThatThrownBy(() -> list(failing, root.toString(), names("*")))
          .isInstanceOf(IOException.class)
          .hasMessage("web-01: find over " + root + " failed (exit 1): find: cannot allocate memory");
    }
  }
}
