package dev.steady.store;

import static dev.steady.store.TestPlans.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.plan.FileEntry;
import dev.steady.plan.Plan;
import dev.steady.plan.PlannedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console's plan page: a plan's files one keyset page at a time, searchable by a piece of the path. */
@Timeout(30)
class FilesPageTest extends StoreTestBase {

  private static final byte[] LATIN1 = {'/', 'l', 'o', 'g', '/', 'c', (byte) 0xe9, '.', 'l', 'o', 'g'};
  private static final String QUOTED = "/log/it's a \"quoted\" name.log";
  private static final String NEWLINE = "/log/line\nbreak.log";
  private static final String PERCENT = "/log/100%_done.log";

  private Store store;
  private long draft;

  @BeforeEach
  void open() {
    store = openStore("steady.db");
    List<FileEntry> web01 = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      web01.add(file(String.format("/log/app-%02d.log", i), i));
    }
    web01.add(file(QUOTED, 100));
    web01.add(file(NEWLINE, 101));
    web01.add(file(LATIN1, 102));
    web01.add(file(PERCENT, 103));
    Map<String, List<FileEntry>> files = new LinkedHashMap<>();
    files.put("web-01", web01);
    files.put("web-02", List.of(file("/log/app-00.log", 7), file("/log/other.log", 8)));
    Plan plan = TestPlans.seal(store, files);
    draft = store.draftOf(plan.id());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void firstPage_isTheFirstFilesInSeqOrder() {
    List<PlannedFile> page = store.filesPage(draft, "web-01", null, -1, 10);

    assertThat(page).extracting(PlannedFile::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(page.get(0).file()).isEqualTo(file("/log/app-00.log", 0));
  }

  @Test
  void nextPages_continueAfterTheLastSeqSeen_untilAShortLastPageAndThenNothing() {
    List<Long> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    long after = -1;
    List<PlannedFile> page;
    do {
      page = store.filesPage(draft, "web-01", "", after, 10);
      sizes.add(page.size());
      page.forEach(f -> seen.add(f.seq()));
      after = page.isEmpty() ? after : page.get(page.size() - 1).seq();
    } while (!page.isEmpty());

    assertThat(sizes).containsExactly(10, 10, 9, 0);
    assertThat(seen).hasSize(29).doesNotHaveDuplicates().isSorted();
    assertThat(store.filesPage(draft, "web-01", null, 28, 10)).isEmpty();
  }

  @Test
  void pages_areOfOneHostOnly() {
    assertThat(store.filesPage(draft, "web-02", null, -1, 10)).extracting(f -> f.file().size()).containsExactly(7L, 8L);
    assertThat(store.filesPage(draft, "db-01", null, -1, 10)).isEmpty();
  }

  @Test
  void search_keepsOnlyPathsContainingTheText_andPagesThroughTheMatches() {
    List<PlannedFile> first = store.filesPage(draft, "web-01", "app-1", -1, 4);
    List<PlannedFile> second = store.filesPage(draft, "web-01", "app-1", first.get(3).seq(), 4);
    List<PlannedFile> third = store.filesPage(draft, "web-01", "app-1", second.get(3).seq(), 4);

    assertThat(first).extracting(f -> f.file().displayPath())
        .containsExactly("/log/app-10.log", "/log/app-11.log", "/log/app-12.log", "/log/app-13.log");
    assertThat(second).extracting(f -> f.file().displayPath())
        .containsExactly("/log/app-14.log", "/log/app-15.log", "/log/app-16.log", "/log/app-17.log");
    assertThat(third).extracting(f -> f.file().displayPath()).containsExactly("/log/app-18.log", "/log/app-19.log");
  }

  @Test
  void search_matchesNamesWithSpacesQuotesAndANewline_literally() {
    assertThat(paths(store.filesPage(draft, "web-01", "s a \"quoted\" n", -1, 50))).containsExactly(QUOTED);
    assertThat(paths(store.filesPage(draft, "web-01", "it's", -1, 50))).containsExactly(QUOTED);
    assertThat(paths(store.filesPage(draft, "web-01", "line\nbreak", -1, 50))).containsExactly(NEWLINE);
    assertThat(paths(store.filesPage(draft, "web-01", "\n", -1, 50))).containsExactly(NEWLINE);
  }

  @Test
  void search_treatsSqlWildcardsAsPlainCharacters() {
    assertThat(paths(store.filesPage(draft, "web-01", "%", -1, 50))).containsExactly(PERCENT);
    assertThat(paths(store.filesPage(draft, "web-01", "_", -1, 50))).containsExactly(PERCENT);
    assertThat(paths(store.filesPage(draft, "web-01", "'", -1, 50))).containsExactly(QUOTED);
  }

  @Test
  void search_comparesBytes_caseSensitively() {
    assertThat(store.filesPage(draft, "web-01", "APP-", -1, 50)).isEmpty();
    assertThat(store.filesPage(draft, "web-01", "app-", -1, 50)).hasSize(25);
  }

  @Test
  void aNonUtf8Path_comesBackAsItsExactBytes_andIsFoundByItsAsciiPart() {
    List<PlannedFile> found = store.filesPage(draft, "web-01", "/c", -1, 50);

    assertThat(found).hasSize(1);
    assertThat(found.get(0).file().path()).isEqualTo(LATIN1);
    assertThat(found.get(0).seq()).isEqualTo(27);
    // the UTF-8 é (c3 a9) is not the Latin-1 byte e9: the search is on bytes, never on a lossy decoding
    assertThat(store.filesPage(draft, "web-01", "c\u00e9", -1, 50)).isEmpty();
    assertThat(store.filesPage(draft, "web-01", "\ufffd", -1, 50)).isEmpty();
  }

  @Test
  void noMatch_aZeroLimit_orAPageAfterTheEnd_isEmpty() {
    assertThat(store.filesPage(draft, "web-01", "no such name", -1, 10)).isEmpty();
    assertThat(store.filesPage(draft, "web-01", null, -1, 0)).isEmpty();
    assertThat(store.filesPage(draft, "web-01", "app", 1_000, 10)).isEmpty();
  }

  @Test
  void aDraft_canBePagedWhileItIsStillBeingWritten() {
    long open = store.createDraft();
    store.appendFiles(open, "web-01", List.of(file("/log/x", 1), file("/log/y", 2)));

    assertThat(paths(store.filesPage(open, "web-01", "y", -1, 10))).containsExactly("/log/y");
  }

  private static List<String> paths(List<PlannedFile> files) {
    return files.stream().map(f -> new String(f.file().path(), StandardCharsets.UTF_8)).toList();
  }
}
