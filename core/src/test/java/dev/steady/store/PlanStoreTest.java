package dev.steady.store;

import static dev.steady.store.TestPlans.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.failure.SteadyException;
import dev.steady.plan.FileEntry;
import dev.steady.plan.FileResult;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanState;
import dev.steady.plan.PlannedFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PlanStoreTest extends StoreTestBase {

  private static final byte[] LATIN1 = {'/', 'l', 'o', 'g', '/', 'c', (byte) 0xe9, '.', 'l', 'o', 'g'};
  private static final Instant NOW = Instant.parse("2025-03-01T10:20:00Z");

  private Store store;

  @BeforeEach
  void open() {
    store = openStore("steady.db");
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void appendFiles_continuesSeqPerHost_andStreamsExactBytesInOrder() {
    long draft = store.createDraft();
    store.appendFiles(draft, "web-01", List.of(file("/log/a", 1), file(LATIN1, 2)));
    store.appendFiles(draft, "web-02", List.of(file("/log/x", 9)));
    store.appendFiles(draft, "web-01", List.of(file("/log/b", 3)));

    List<PlannedFile> web01 = files(draft, "web-01");
    assertThat(web01).extracting(PlannedFile::seq).containsExactly(0L, 1L, 2L);
    assertThat(web01).extracting(PlannedFile::file)
        .containsExactly(file("/log/a", 1), file(LATIN1, 2), file("/log/b", 3));
    assertThat(web01.get(1).file().path()).isEqualTo(LATIN1);
    assertThat(files(draft, "web-02")).extracting(PlannedFile::seq).containsExactly(0L);
    assertThat(files(draft, "db-01")).isEmpty();
  }

  @Test
  void appendFiles_fromAThreadPerHost_keepsEachHostsSeqContiguous() throws Exception {
    long draft = store.createDraft();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      String host = "web-0" + t;
      threads.add(Thread.ofPlatform().start(() -> {
        for (int b = 0; b < 20; b++) {
          List<FileEntry> batch = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            batch.add(file("/log/" + b + "-" + i, i));
          }
          store.appendFiles(draft, host, batch);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    for (int t = 0; t < 6; t++) {
      List<PlannedFile> files = files(draft, "web-0" + t);
      assertThat(files).hasSize(1000);
      assertThat(files.get(999).seq()).isEqualTo(999);
      assertThat(files.get(999).file()).isEqualTo(file("/log/19-49", 49));
    }
  }

  @Test
  void lifecycle_draftSealFindClaimFinish() {
    Plan plan = TestPlans.seal(store, Map.of("web-01", List.of(file("/log/a", 1), file(LATIN1, 2))));

    assertThat(store.findPlan(plan.id())).contains(plan);
    assertThat(store.findPlan(plan.id().substring(0, 8).toUpperCase())).contains(plan);
    assertThat(store.planState(plan.id()).state()).isEqualTo(PlanState.PLANNED);
    assertThat(files(store.draftOf(plan.id()), "web-01")).hasSize(2);

    assertThat(store.claimForApply(plan.id(), "run-1", NOW)).isTrue();
    assertThat(store.claimForApply(plan.id(), "run-2", NOW)).isFalse();
    assertThat(store.planState(plan.id())).isEqualTo(new PlanState(PlanState.APPLYING, "run-1", NOW));
    assertThatThrownBy(() -> store.finishApply(plan.id(), "run-2", NOW))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("run-1");

    store.finishApply(plan.id(), "run-1", NOW.plusSeconds(5));
    assertThat(store.planState(plan.id()))
        .isEqualTo(new PlanState(PlanState.APPLIED, "run-1", NOW.plusSeconds(5)));
    assertThat(store.claimForApply(plan.id(), "run-3", NOW)).isFalse();
  }

  @Test
  void sealedPlan_takesNoMoreFiles_andIsNotDeleted() {
    Plan plan = TestPlans.seal(store, Map.of("web-01", List.of(file("/log/a", 1))));
    long draft = store.draftOf(plan.id());

    assertThatThrownBy(() -> store.appendFiles(draft, "web-01", List.of(file("/log/b", 1))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("never changes");
    assertThatThrownBy(() -> store.deleteDraft(draft)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.sealDraft(draft, plan)).isInstanceOf(IllegalStateException.class);
    assertThat(files(draft, "web-01")).hasSize(1);
  }

  @Test
  void deleteDraft_forgetsItsFiles() {
    long draft = store.createDraft();
    store.appendFiles(draft, "web-01", List.of(file("/log/a", 1)));
    store.deleteDraft(draft);

    assertThat(files(draft, "web-01")).isEmpty();
    assertThat(store.createDraft()).as("keys are never reused").isGreaterThan(draft);
  }

  @Test
  void fileResults_areUpsertedAndStreamedInSeqOrder() {
    Plan plan = TestPlans.seal(store, Map.of("web-01",
        List.of(file("/log/a", 1), file("/log/b", 2), file("/log/c", 3))));
    store.recordFileResults(plan.id(), "web-01", List.of(
        new FileResult(2, FileResult.FAILED, "permission denied"),
        new FileResult(0, FileResult.DELETED, null)));
    store.recordFileResults(plan.id(), "web-01", List.of(
        new FileResult(2, FileResult.DELETED, null),
        new FileResult(1, FileResult.DRIFTED, "size changed: 2 -> 7")));

    List<FileResult> results = new ArrayList<>();
    store.forEachFileResult(plan.id(), "web-01", results::add);
    assertThat(results).containsExactly(new FileResult(0, FileResult.DELETED, null),
        new FileResult(1, FileResult.DRIFTED, "size changed: 2 -> 7"),
        new FileResult(2, FileResult.DELETED, null));
  }

  @Test
  void fileResults_canBeRecordedWhileTheFilesStream() {
    List<FileEntry> many = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      many.add(file("/log/f" + i, i));
    }
    Plan plan = TestPlans.seal(store, Map.of("web-01", many));
    store.forEachFile(store.draftOf(plan.id()), "web-01", f -> store.recordFileResults(plan.id(),
        "web-01", List.of(new FileResult(f.seq(), FileResult.DELETED, null))));

    long[] count = {0};
    store.forEachFileResult(plan.id(), "web-01", r -> count[0]++);
    assertThat(count[0]).isEqualTo(2500);
  }

  @Test
  void fileResult_forAFileOutsideThePlan_isRefused() {
    Plan plan = TestPlans.seal(store, Map.of("web-01", List.of(file("/log/a", 1))));

    assertThatThrownBy(() -> store.recordFileResults(plan.id(), "web-01",
        List.of(new FileResult(0, FileResult.DELETED, null), new FileResult(1, FileResult.DELETED, null))))
        .isInstanceOf(StoreException.class);
    List<FileResult> results = new ArrayList<>();
    store.forEachFileResult(plan.id(), "web-01", results::add);
    assertThat(results).as("the batch is one transaction").isEmpty();
  }

  @Test
  void findPlan_ambiguousPrefix_isBadInputNamingThePrefixAndTheFix() {
    store.sealDraft(store.createDraft(), TestPlans.withId("abcdef01" + "1".repeat(56)));
    store.sealDraft(store.createDraft(), TestPlans.withId("abcdef01" + "2".repeat(56)));

    SteadyException e =
        catchThrowableOfType(SteadyException.class, () -> store.findPlan("abcdef01"));
    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).isEqualTo("plan id prefix 'abcdef01' matches 2 plans: abcdef011111, abcdef012222;"
        + " give more characters of the id");
    assertThat(store.findPlan("abcdef012")).map(Plan::id).contains("abcdef01" + "2".repeat(56));
  }

  @Test
  void findPlan_anyUniquePrefix_findsIt_unknownIsEmpty() {
    store.sealDraft(store.createDraft(), TestPlans.withId("abcdef01" + "1".repeat(56)));
    assertThat(store.findPlan("a")).map(Plan::id).contains("abcdef01" + "1".repeat(56));
    assertThat(store.findPlan("abcdef011111")).map(Plan::id).contains("abcdef01" + "1".repeat(56));
    assertThat(store.findPlan("0123456789abcdef")).isEmpty();
    assertThat(store.findPlan("not-a-plan-id")).isEmpty();
    assertThat(store.findPlan("%%%%%%%%")).isEmpty();
    assertThatThrownBy(() -> store.planState("0".repeat(64)))
        .isInstanceOf(SteadyException.class).hasMessageContaining("is not in store");
  }

  @Test
  void plansSurviveReopening_andRecentPlansAreNewestLast() {
    Map<String, List<FileEntry>> first = new LinkedHashMap<>();
    first.put("web-01", List.of(file("/log/a", 1)));
    first.put("web-02", List.of(file(LATIN1, 5)));
    Plan a = TestPlans.seal(store, first);
    Plan b = TestPlans.seal(store, Map.of("web-03", List.of(file("/log/b", 1))));
    store.close();
    store = openStore("steady.db");

    assertThat(store.recentPlans(10)).containsExactly(a, b);
    assertThat(store.recentPlans(1)).containsExactly(b);
    assertThat(store.findPlan(a.id())).contains(a);
  }

  private List<PlannedFile> files(long draft, String host) {
    List<PlannedFile> out = new ArrayList<>();
    store.forEachFile(draft, host, out::add);
    return out;
  }
}
