package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.plan.FileResult;
import dev.steady.plan.PlannedFile;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The link to the host drops in the middle of a long deletion (a host of its own: every session dies). */
@Timeout(120)
class DeleteFilesDropTest {

  @TempDir static Path dir;
  static TestHost web01;

  @BeforeAll
  static void start() throws IOException {
    web01 = TestHost.start(dir);
  }

  @AfterAll
  static void stop() {
    web01.close();
  }

  static boolean gone(PlannedFile p) {
    return !Files.exists(Path.of(Sh.text(p.file().path())), LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void delete_droppedConnection_failsNamingTheHost_deliveredResultsStand_andAtMostAWindowMoreIsGone() throws Exception {
    int n = 30_000;
    Path root = Files.createDirectories(web01.host.root().resolve("app"));
    Sh.run("cd \"$1\" && mkdir d && cd d && seq 1 " + n + " | sed 's/$/.log/' | xargs touch", root.toString());
    List<PlannedFile> planned = new ArrayList<>();
    try (VerifiedConnection c = web01.connect()) {
      new ListFiles(c, root.toString(), ListFilesTest.names("*.log"), Instant.now())
          .call(f -> planned.add(new PlannedFile(planned.size() + 1, f)));
    }
    assertThat(planned).hasSize(n);
    List<FileResult> delivered = Collections.synchronizedList(new ArrayList<>());

    try (VerifiedConnection c = web01.connect()) {
      assertThatThrownBy(() -> new DeleteFiles(c, root.toString()).call(planned.iterator(), r -> {
        delivered.add(r);
        if (delivered.size() == 2_000) {
          Thread.startVirtualThread(web01.host::disconnectAll);
        }
      })).isInstanceOf(IOException.class).hasMessageStartingWith("web-01");
    }

    int k = delivered.size();
    assertThat(k).isBetween(2_000, n - 1);
    for (int i = 0; i < k; i++) {
      assertThat(delivered.get(i)).isEqualTo(new FileResult(i + 1, FileResult.DELETED, null));
      assertThat(gone(planned.get(i))).isTrue();
    }
    List<PlannedFile> rest = planned.subList(k, n);
    int goneUnreported = 0;
    while (goneUnreported < rest.size() && gone(rest.get(goneUnreported))) {
      goneUnreported++;
    }
    // files go strictly in plan order: past the first survivor, everything is still there
    assertThat(rest.subList(goneUnreported, rest.size())).noneMatch(DeleteFilesDropTest::gone);
    assertThat(goneUnreported).as("deleted without a delivered result").isLessThanOrEqualTo(RecordWindow.FILES);
    System.out.println("link dropped after " + k + " results; deleted but unreported: " + goneUnreported);
  }
}
