package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bind mount of the root's own filesystem inside the root: find's -xdev does not stop there, so
 * without the host's mount table its files, which live outside the root, were planned and deleted.
 * The mounting tests need root (skipped otherwise); the mountinfo parsing runs everywhere.
 */
@Timeout(60)
class MountPointsTest {

  @TempDir static Path dir;
  static TestHost web01;
  static VerifiedConnection connection;
  final List<Path> mounted = new ArrayList<>();

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

  @AfterEach
  void unmount() throws IOException {
    for (Path p : mounted.reversed()) {
      Sh.run("umount \"$1\"", p.toString());
    }
  }

  @Test
  void inside_decodesOctalEscapes_andKeepsOnlyMountPointsStrictlyBelowTheRoot() {
    String mountinfo = """
        22 1 8:1 / / rw - ext4 /dev/sda1 rw
        30 22 8:1 /srv/other /srv/app rw - ext4 /dev/sda1 rw
        31 30 8:1 /x /srv/app/a\\040b rw - ext4 /dev/sda1 rw
        32 30 8:1 /y /srv/app/back\\134slash\\011tab rw - ext4 /dev/sda1 rw
        33 22 8:1 /z /srv/application rw - ext4 /dev/sda1 rw
        """;

    assertThat(MountPoints.inside(mountinfo, "/srv/app", "web-01")).containsExactly("/srv/app/a b", "/srv/app/back\\slash\ttab");
    assertThat(MountPoints.inside(mountinfo, "/", "web-01")).containsExactly("/srv/app", "/srv/app/a b", "/srv/app/back\\slash\ttab",
        "/srv/application");
    assertThat(MountPoints.pattern("/a/*b?[c]\\")).isEqualTo("/a/\\*b\\?\\[c\\]\\\\");
  }

  @Test
  void plan_doesNotEnterABindMountInsideTheRoot_andSaysSo() throws Exception {
    assumeTrue(root(), "bind mounts need root: skipped");
    Path base = Files.createDirectories(web01.host.root().resolve("plan"));
    Path root = Files.createDirectories(base.resolve("logs"));
    Path outside = Files.createDirectories(base.resolve("precious"));
    Sh.file(root.resolve("old.log"), 10, 1_000_000);
    Sh.file(outside.resolve("db.log"), 10, 1_000_000);
    Path mnt = bind(outside, root.resolve("mnt [x]*"));

    List<FileEntry> listed = new ArrayList<>();
    Listing listing = new ListFiles(connection, root.toString(), ListFilesTest.names("*.log"), Instant.now()).call(listed::add);

    assertThat(listed).extracting(FileEntry::displayPath).containsExactly(root.resolve("old.log").toString());
    assertThat(listing.mountPoints()).containsExactly(mnt.toString());
    assertThat(listing.skipped()).containsEntry(MountPoints.KIND, 1L);
    assertThat(listing.mountsKnown()).isTrue();
  }

  @Test
  void delete_refusesToWalkIntoAMountPoint_evenOneMountedAfterTheAgentStarted() throws Exception {
    assumeTrue(root(), "bind mounts need root: skipped");
    Path base = Files.createDirectories(web01.host.root().resolve("delete"));
    Path root = Files.createDirectories(base.resolve("logs"));
    Path outside = Files.createDirectories(base.resolve("precious"));
    Path early = Files.createDirectories(root.resolve("early"));
    Path late = Files.createDirectories(root.resolve("late"));
    for (int i = 0; i < 3; i++) {
      Sh.file(outside.resolve("f" + i + ".log"), 10, 1_000_000);
    }
    bind(outside, early);
    // the plan an unguarded listing made: the outside files by their path through the mount
    List<PlannedFile> planned = new ArrayList<>();
    for (Path mountedDir : List.of(early, late)) {
      for (int i = 0; i < 3; i++) {
        FileEntry real = Sh.entry(outside.resolve("f" + i + ".log"));
        String path = mountedDir.resolve("f" + i + ".log").toString();
        planned.add(new PlannedFile(planned.size() + 1, new FileEntry(path.getBytes(StandardCharsets.UTF_8), real.size(),
            real.mtimeNanos(), real.inode(), real.device())));
      }
    }
    Iterator<PlannedFile> mountingOnTheWay = new Iterator<>() {
      final Iterator<PlannedFile> all = planned.iterator();

      @Override
      public boolean hasNext() {
        return all.hasNext();
      }

      @Override
      public PlannedFile next() {
        PlannedFile next = all.next();
        if (next.seq() == 4) {
          try {
            bind(outside, late); // the agent has walked already, with a mount table without this one
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
        return next;
      }
    };
    List<FileResult> results = new ArrayList<>();

    new DeleteFiles(connection, root.toString()).call(mountingOnTheWay, results::add);

    assertThat(results).hasSize(6).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(FileResult.DRIFTED);
      assertThat(r.reason()).isEqualTo("a path component is a mount point: " + (r.seq() <= 3 ? early : late));
    });
    try (var left = Files.list(outside)) {
      assertThat(left.count()).isEqualTo(3);
    }
  }

  Path bind(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    Sh.run("mount --bind \"$1\" \"$2\"", from.toString(), to.toString());
    mounted.add(to);
    return to;
  }

  static boolean root() {
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/bin/mount"));
  }
}
