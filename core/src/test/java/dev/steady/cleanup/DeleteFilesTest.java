package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Apply's deletion against a real embedded SSH host: exactly the plan, and only still-reviewed files. */
@Timeout(60)
class DeleteFilesTest {

  @TempDir static Path dir;
  static TestHost web01;
  static VerifiedConnection connection;
  static final AtomicInteger trees = new AtomicInteger();
  Path base;
  Path root;
  final List<FileResult> results = new ArrayList<>();

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
    base = Files.createDirectories(web01.host.root().resolve("case-" + trees.incrementAndGet()));
    root = Files.createDirectories(base.resolve("app"));
  }

  /** The plan ListFiles makes of {@code *.log} under the root, numbered from 1. */
  List<PlannedFile> plan() throws IOException {
    List<PlannedFile> planned = new ArrayList<>();
    new ListFiles(connection, root.toString(), ListFilesTest.names("*.log"), Instant.now())
        .call(f -> planned.add(new PlannedFile(planned.size() + 1, f)));
    return planned;
  }

  Outcome delete(List<PlannedFile> planned) throws IOException {
    return delete(connection, planned);
  }

  Outcome delete(VerifiedConnection c, List<PlannedFile> planned) throws IOException {
    return new DeleteFiles(c, root.toString()).call(planned.iterator(), results::add);
  }

  static PlannedFile planned(long seq, FileEntry f) {
    return new PlannedFile(seq, f);
  }

  static FileEntry withPath(FileEntry f, String path) {
    return new FileEntry(path.getBytes(StandardCharsets.UTF_8), f.size(), f.mtimeNanos(), f.inode(), f.device());
  }

  Path log(String name, int size) throws IOException {
    return Sh.file(root.resolve(name), size, 1_600_000_000);
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void delete_removesExactlyThePlannedFiles_inOrder() throws IOException {
    Path a = log("a.log", 10);
    Path b = log("sub/b.log", 20);
    Path other = log("keep.txt", 30);
    List<PlannedFile> planned = plan();
    Path late = log("late.log", 40);

    Outcome outcome = delete(planned);

    assertThat(outcome).isEqualTo(new Outcome(2, 30, 0, 0, outcome.freeBytesAfter(), outcome.freeBytesBefore()));
    assertThat(outcome.freeBytesAfter()).isPositive();
    assertThat(results).containsExactly(new FileResult(1, FileResult.DELETED, null), new FileResult(2, FileResult.DELETED, null));
    assertThat(exists(a) || exists(b)).isFalse();
    assertThat(exists(other)).as("not matched").isTrue();
    assertThat(exists(late)).as("matching, but created after planning").isTrue();
    assertThat(exists(root.resolve("sub"))).as("directories are never deleted").isTrue();
  }

  @Test
  void delete_neverRunsMoreThanTheWindowAheadOfWhatIsRecorded_andStopsSendingWhenStopped() throws Exception {
    Sh.run("cd \"$1\" && seq 1 1000 | sed 's/$/.log/' | xargs touch", root.toString());
    List<PlannedFile> planned = plan();
    RecordWindow window = RecordWindow.untilRecorded(); // nobody records: no room ever comes back
    java.util.concurrent.CompletableFuture<Outcome> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new DeleteFiles(connection, root.toString()).call(planned.iterator(), results::add, window);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    long deadline = System.currentTimeMillis() + 20_000;
    while (results.size() < RecordWindow.FILES && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(300); // the agent would go on if it had been sent more

    assertThat(planned.stream().filter(p -> !exists(Path.of(Sh.text(p.file().path()))))).hasSize(RecordWindow.FILES);
    assertThat(results).hasSize(RecordWindow.FILES);
    IllegalStateException why = new IllegalStateException("the store failed");
    window.stop(why);
    assertThatThrownBy(call::join).hasCause(why);
    assertThat(planned.stream().filter(p -> !exists(Path.of(Sh.text(p.file().path()))))).as("nothing more was sent")
        .hasSize(RecordWindow.FILES);
  }

  @Test
  void delete_skipsFileWhoseSizeChangedSincePlan() throws IOException {
    Path grown = log("grown.log", 100);
    Path shrunk = log("shrunk.log", 100);
    List<PlannedFile> planned = plan();
    Sh.run("printf %0150d 0 >> \"$1\" && touch -m -d @1600000000 \"$1\"", grown.toString());
    Sh.run("truncate -s 40 \"$1\" && touch -m -d @1600000000 \"$1\"", shrunk.toString());

    Outcome outcome = delete(planned);

    assertThat(outcome.deleted()).isZero();
    assertThat(outcome.drifted()).isEqualTo(2);
    assertThat(reasons(planned)).containsEntry("grown.log", "size 100 -> 250").containsEntry("shrunk.log", "size 100 -> 40");
    assertThat(exists(grown) && exists(shrunk)).isTrue();
  }

  @Test
  void delete_skipsFileWhoseMtimeChangedSincePlan_evenByOneMicrosecond() throws IOException {
    Path touched = log("touched.log", 5);
    Path nudged = log("nudged.log", 5);
    Sh.run("touch -m -d @1600000000.000001000 \"$1\"", nudged.toString());
    List<PlannedFile> planned = plan();
    Sh.run("touch -m \"$1\"", touched.toString());
    Sh.run("touch -m -d @1600000000.000002000 \"$1\"", nudged.toString());

    delete(planned);

    assertThat(reasons(planned)).containsEntry("touched.log", "mtime changed").containsEntry("nudged.log", "mtime changed");
    assertThat(exists(touched) && exists(nudged)).isTrue();
  }

  @Test
  void delete_keepsNanosecondMtimesEqualToThePlan() throws IOException {
    Path precise = log("precise.log", 5);
    Sh.run("touch -m -d @1700000000.999999999 \"$1\"", precise.toString());
    List<PlannedFile> planned = plan();
    assertThat(planned.get(0).file().mtimeNanos()).isEqualTo(1_700_000_000_999_999_999L);

    assertThat(delete(planned).deleted()).isEqualTo(1);
  }

  @Test
  void delete_skipsFileReplacedByANewFileOfTheSameSizeAndMtime() throws IOException {
    Path replaced = log("replaced.log", 5);
    List<PlannedFile> planned = plan();
    Path fresh = Sh.file(root.resolve("fresh.tmp"), 5, 1_600_000_000);
    Files.move(fresh, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    delete(planned);

    assertThat(reasons(planned)).containsEntry("replaced.log", "inode changed (replaced)");
    assertThat(exists(replaced)).isTrue();
  }

  @Test
  void delete_reportsFileRemovedSincePlanAsGone() throws IOException {
    Path removed = log("removed.log", 5);
    Path kept = log("kept.log", 5);
    List<PlannedFile> planned = plan();
    Files.delete(removed);

    Outcome outcome = delete(planned);

    assertThat(reasons(planned)).containsEntry("removed.log", "gone").containsEntry("kept.log", null);
    assertThat(outcome).isEqualTo(new Outcome(1, 5, 1, 0, outcome.freeBytesAfter(), outcome.freeBytesBefore()));
    assertThat(exists(kept)).isFalse();
  }

  @Test
  void delete_neverFollowsAFileTurnedIntoASymbolicLink() throws IOException {
    Path victim = Sh.file(base.resolve("precious.log"), 5, 1_600_000_000);
    Path link = log("link.log", 5);
    Path becameDir = log("dir.log", 5);
    List<PlannedFile> planned = plan();
    Files.delete(link);
    Files.createSymbolicLink(link, victim);
    Files.delete(becameDir);
    Files.createDirectory(becameDir);

    delete(planned);

    assertThat(reasons(planned)).containsEntry("link.log", "not a regular file now (symbolic link)")
        .containsEntry("dir.log", "not a regular file now (directory)");
    assertThat(exists(victim) && Files.isSymbolicLink(link) && Files.isDirectory(becameDir)).isTrue();
  }

  @Test
  void delete_leavesFilesOfADirectorySwappedForASymbolicLink() throws IOException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path a = log("logs/a.log", 5);
    Path b = log("logs/b.log", 5);
    List<PlannedFile> planned = plan();
    // the very same files (same inodes), but now reached through a link that leaves the root
    Path moved = base.resolve("elsewhere");
    Files.move(logs, moved);
    Files.createSymbolicLink(logs, moved);

    Outcome outcome = delete(planned);

    assertThat(outcome.deleted()).isZero();
    assertThat(results).extracting(FileResult::reason).containsOnly("a path component is a symbolic link: " + logs);
    assertThat(exists(moved.resolve("a.log")) && exists(moved.resolve("b.log"))).isTrue();
    assertThat(a).isEqualTo(logs.resolve("a.log"));
    assertThat(b).isEqualTo(logs.resolve("b.log"));
  }

  @Test
  void delete_leavesFilesWhenTheRootItselfBecameASymbolicLink() throws IOException {
    Path a = log("a.log", 5);
    List<PlannedFile> planned = plan();
    Path moved = base.resolve("moved-app");
    Files.move(root, moved);
    Files.createSymbolicLink(root, moved);

    delete(planned);

    assertThat(results).extracting(FileResult::reason).containsExactly("a path component is a symbolic link: " + root);
    assertThat(exists(moved.resolve("a.log"))).isTrue();
    assertThat(a).isEqualTo(root.resolve("a.log"));
  }

  @Test
  void delete_refusesPathsOutsideTheRoot_evenWithTheRightIdentity() throws IOException {
    Path outside = Sh.file(base.resolve("outside.log"), 5, 1_600_000_000);
    Path sibling = Sh.file(base.resolve("app-other/x.log"), 5, 1_600_000_000);
    FileEntry o = Sh.entry(outside);
    List<PlannedFile> planned = List.of(
        planned(1, o),
        planned(2, withPath(o, root + "/../outside.log")),
        planned(3, withPath(o, root + "//../outside.log")),
        planned(4, withPath(Sh.entry(sibling), sibling.toString())),
        planned(5, withPath(o, root.toString())),
        planned(6, withPath(o, root + "/./x.log")));

    Outcome outcome = delete(planned);

    assertThat(outcome.drifted()).isEqualTo(6);
    assertThat(results).extracting(FileResult::reason).containsExactly("outside the plan root",
        "outside the plan root (an empty, . or .. path component)",
        "outside the plan root (an empty, . or .. path component)", "outside the plan root", "outside the plan root",
        "outside the plan root (an empty, . or .. path component)");
    assertThat(exists(outside) && exists(sibling)).isTrue();
  }

  @Test
  void delete_refusesAPlannedPathContainingANulByte_withoutShiftingTheRecords() throws IOException {
    Path a = log("a", 5);
    Path b = log("b", 5);
    FileEntry fa = Sh.entry(a);
    FileEntry nul = new FileEntry((root + "/a\0/../b").getBytes(StandardCharsets.UTF_8), 5, fa.mtimeNanos(), fa.inode(),
        fa.device());

    delete(List.of(planned(1, nul), planned(2, Sh.entry(b))));

    assertThat(results).containsExactly(new FileResult(1, FileResult.DRIFTED, "outside the plan root"),
        new FileResult(2, FileResult.DELETED, null));
    assertThat(exists(a)).isTrue();
  }

  @Test
  void delete_hardLinks_eachPlannedNameIsRemoved_anUnplannedNameKeepsTheData() throws IOException {
    Path first = log("first.log", 9);
    Files.createLink(root.resolve("second.log"), first);
    Path outsideName = base.resolve("outside-name");
    Files.createLink(outsideName, first);
    List<PlannedFile> planned = plan();
    assertThat(planned).hasSize(2);
    assertThat(planned.get(0).file().inode()).isEqualTo(planned.get(1).file().inode());

    Outcome outcome = delete(planned);

    // both names were planned (same inode): both go; the plan counted 9 bytes twice, nothing was freed
    assertThat(outcome.deleted()).isEqualTo(2);
    assertThat(outcome.deletedBytes()).isEqualTo(18);
    assertThat(Files.size(outsideName)).isEqualTo(9);
  }

  @Test
  void delete_removesOddNamesListedByTheSameHost() throws IOException {
    Sh.run("cd \"$1\" && mkdir -p 'sp ace' \"$(printf 'd\\377ir')\" && for n in 'with space.log' 'quote'\"'\"'s.log' "
        + "'star*.log' '-leading.log' 'back\\slash.log' \"$(printf 'new\\nline.log')\" \"$(printf 'latin\\351\\377.log')\" "
        + "'sp ace/in.log' \"$(printf 'd\\377ir/in.log')\" \"$(printf 'L%.0s' $(seq 251)).log\"; do printf x > \"$n\"; done "
        + "&& printf x > 'star.log'", root.toString());
    List<PlannedFile> planned = plan();
    assertThat(planned).hasSize(11);
    // keep one plain file out of the plan: it must survive next to a "star*.log"
    List<PlannedFile> withoutStar = planned.stream().filter(p -> !Sh.text(p.file().path()).endsWith("/star.log")).toList();

    Outcome outcome = delete(withoutStar);

    assertThat(outcome.deleted()).isEqualTo(10);
    assertThat(Sh.run("cd \"$1\" && find . -type f", root.toString())).isEqualTo("./star.log\n");
  }

  @Test
  void delete_reportsFailureWhenTheUnlinkIsRefused() throws IOException {
    Path stuck = log("stuck.log", 5);
    Path free = log("free.log", 5);
    List<PlannedFile> planned = plan();
    Sh.run("chattr +i \"$1\"", stuck.toString());
    try {
      Outcome outcome = delete(planned);

      assertThat(outcome).isEqualTo(new Outcome(1, 5, 0, 1, outcome.freeBytesAfter(), outcome.freeBytesBefore()));
      assertThat(reasons(planned)).containsEntry("stuck.log", "Operation not permitted").containsEntry("free.log", null);
      assertThat(results).filteredOn(r -> r.reason() != null).extracting(FileResult::outcome).containsOnly(FileResult.FAILED);
      assertThat(exists(stuck)).isTrue();
    } finally {
      Sh.run("chattr -i \"$1\"", stuck.toString());
    }
  }

  @Test
  void delete_reportsFailureAsAnUnprivilegedUser_inAReadOnlyDirectory() throws IOException {
    Path open = Files.createDirectories(Path.of("/tmp").resolve("steady-delete-" + ProcessHandle.current().pid()));
    try {
      Sh.run("chmod 755 \"$1\" && mkdir -p \"$1/ro\" \"$1/rw\" && touch \"$1/ro/a.log\" \"$1/rw/b.log\" "
          + "&& chown -R 65534:65534 \"$1/rw\" \"$1/ro\" && chmod 555 \"$1/ro\"", open.toString());
      root = open;
      List<PlannedFile> planned = new ArrayList<>();
      Outcome outcome;
      try (VerifiedConnection nobody = web01.connectAsNobody()) {
        new ListFiles(nobody, open.toString(), ListFilesTest.names("*.log"), Instant.now())
            .call(f -> planned.add(new PlannedFile(planned.size() + 1, f)));

        outcome = delete(nobody, planned);
      }

      assertThat(outcome).isEqualTo(new Outcome(1, 0, 0, 1, outcome.freeBytesAfter(), outcome.freeBytesBefore()));
      assertThat(reasons(planned)).containsEntry("a.log", "Permission denied").containsEntry("b.log", null);
      assertThat(exists(open.resolve("ro/a.log"))).isTrue();
    } finally {
      Sh.run("chmod -R u+w \"$1\" && rm -rf \"$1\"", open.toString());
    }
  }

  @Test
  void delete_refusesHostWithoutPerl_beforeTouchingAnything() throws IOException {
    Path a = log("a.log", 5);
    List<PlannedFile> planned = plan();
    List<PlannedFile> consumed = new ArrayList<>();

    try (VerifiedConnection noPerl = web01.connectWithPath("/nonexistent")) {
      assertThatThrownBy(() -> new DeleteFiles(noPerl, root.toString()).call(
          planned.stream().peek(consumed::add).iterator(), results::add))
          .isInstanceOfSatisfying(SteadyException.class, e -> assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED))
          .hasMessageStartingWith("apply needs perl (with Time::HiRes sub-second stat) on web-01");
    }
    assertThat(consumed).isEmpty();
    assertThat(exists(a)).isTrue();
  }

  @Test
  void delete_emptyPlanDeletesNothing_andReportsFreeSpace() throws IOException {
    Outcome outcome = delete(List.of());

    assertThat(outcome.deleted() + outcome.drifted() + outcome.failed()).isZero();
    assertThat(outcome.freeBytesAfter()).isPositive();
    assertThat(results).isEmpty();
  }

  @Test
  void delete_passesOnWhatThePlansIteratorThrows_afterAnsweringForWhatWasSent() throws IOException {
    Path a = log("a.log", 5);
    log("b.log", 5);
    List<PlannedFile> planned = plan();
    java.util.Iterator<PlannedFile> failing = new java.util.Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public PlannedFile next() {
        if (i == 1) {
          throw new IllegalStateException("plan storage unreadable");
        }
        return planned.get(i++);
      }
    };

    assertThatThrownBy(() -> new DeleteFiles(connection, root.toString()).call(failing, results::add))
        .isInstanceOf(IllegalStateException.class).hasMessage("plan storage unreadable");
    assertThat(results).hasSize(1);
    assertThat(exists(Path.of(Sh.text(planned.get(0).file().path())))).isFalse();
    assertThat(exists(Path.of(Sh.text(planned.get(1).file().path())))).isTrue();
    assertThat(a.getParent()).isEqualTo(root);
  }

  /** Result reason by file name (last path component); null when deleted. */
  java.util.Map<String, String> reasons(List<PlannedFile> planned) {
    java.util.Map<String, String> byName = new java.util.HashMap<>();
    for (FileResult r : results) {
      String path = Sh.text(planned.get((int) r.seq() - 1).file().path());
      byName.put(path.substring(path.lastIndexOf('/') + 1), r.reason());
    }
    assertThat(byName).hasSize(planned.size());
    return byName;
  }
}
