package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Invariants 1 and 3 as a property: for random trees with random names, random criteria and random
 * changes between plan and apply, apply deletes exactly the planned files that did not change, and
 * nothing else under (or outside) the root changes at all.
 */
class NothingOutsideThePlanPropertyTest {

  enum Change { NONE, GROW, TOUCH, REPLACE, REMOVE, LINK_TO_OUTSIDE }

  record Spec(String dir, String name, int size, Change change, boolean planned) {}

  static Path fleetDir;
  static TestHost web01;
  static VerifiedConnection connection;
  static int tries;

  @BeforeContainer
  static void start() throws IOException {
    fleetDir = Files.createTempDirectory("steady-prop-fleet");
    web01 = TestHost.start(fleetDir);
    connection = web01.connect();
  }

  @AfterContainer
  static void stop() throws IOException {
    connection.close();
    web01.close();
    Sh.run("rm -rf \"$1\"", fleetDir.toString());
  }

  @Property(tries = 40)
  void apply_deletesExactlyThePlannedUnchangedFiles(@ForAll("trees") List<Spec> specs, @ForAll("sizes") long minSize) {
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> check(specs, minSize));
  }

  private static void check(List<Spec> specs, long minSize) throws IOException {
    Path base = Files.createDirectories(web01.host.root().resolve("try-" + ++tries));
    Path root = Files.createDirectories(base.resolve("root"));
    Path outside = Sh.file(base.resolve("outside/precious"), 7, 1_600_000_000);
    Map<Path, Spec> byPath = new HashMap<>();
    for (Spec s : specs) {
      Path p = root.resolve(s.dir()).resolve(s.name());
      if (byPath.putIfAbsent(p, s) == null) {
        Sh.file(p, s.size(), 1_600_000_000);
      }
    }
    List<PlannedFile> listed = new ArrayList<>();
    new ListFiles(connection, root.toString(), ListFilesTest.criteria(null, null, minSize, null, List.of("*"), List.of(), null),
        Instant.now()).call(f -> listed.add(new PlannedFile(listed.size() + 1, f)));
    assertThat(listed).allMatch(p -> p.file().size() >= minSize);
    List<PlannedFile> plan = listed.stream().filter(p -> byPath.get(Path.of(Sh.text(p.file().path()))).planned()).toList();

    Map<Path, Spec> expectGone = new HashMap<>();
    for (PlannedFile p : plan) {
      Path path = Path.of(Sh.text(p.file().path()));
      Spec s = byPath.get(path);
      change(path, s.change(), outside);
      if (s.change() == Change.NONE) {
        expectGone.put(path, s);
      }
    }
    Map<Path, String> before = snapshot(base);

    List<FileResult> results = new ArrayList<>();
    new DeleteFiles(connection, root.toString()).call(plan.iterator(), results::add);

    assertThat(results).extracting(FileResult::seq).containsExactlyElementsOf(plan.stream().map(PlannedFile::seq).toList());
    Map<Path, String> after = snapshot(base);
    Map<Path, String> expected = new HashMap<>(before);
    expectGone.keySet().forEach(expected::remove);
    assertThat(after).isEqualTo(expected);
  }

  private static void change(Path path, Change change, Path outside) throws IOException {
    switch (change) {
      case NONE -> { }
      case GROW -> Files.write(path, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
      case TOUCH -> Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.fromMillis(1_600_000_001_000L));
      case REPLACE -> {
        Path tmp = Sh.file(path.resolveSibling(".tmp-replace"), (int) Files.size(path), 1_600_000_000);
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      case REMOVE -> Files.delete(path);
      case LINK_TO_OUTSIDE -> {
        Files.delete(path);
        Files.createSymbolicLink(path, outside);
      }
    }
  }

  /** Every entry under {@code dir}: type and inode, and for non-directories size and mtime (a directory's change with its entries). */
  private static Map<Path, String> snapshot(Path dir) throws IOException {
    Map<Path, String> m = new HashMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:size,lastModifiedTime,ino,mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        boolean directory = Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        m.put(p, a.get("mode") + "/" + a.get("ino") + (directory ? "" : "/" + a.get("size") + "/" + a.get("lastModifiedTime")));
      }
    }
    return m;
  }

  @Provide
  Arbitrary<List<Spec>> trees() {
    Arbitrary<String> name = Arbitraries.strings().withChars("ab -'\"*?\\$`\n.é").ofMaxLength(8)
        .map(n -> "f" + n); // never the name of one of the directories below
    Arbitrary<String> dir = Arbitraries.of("", "a", "a/b", "sp ace", "-x", "q'uote");
    return Combinators.combine(dir, name, Arbitraries.integers().between(0, 40), Arbitraries.of(Change.class),
        Arbitraries.of(true, true, false)).as(Spec::new).list().ofMinSize(1).ofMaxSize(25);
  }

  @Provide
  Arbitrary<Long> sizes() {
    return Arbitraries.longs().between(0, 30);
  }
}
