package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.run.RowState;
import dev.steady.run.RunRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 1,000-row run on each store, each row taken through five durable transitions, by one thread and
 * by twenty threads at once: every row must end DONE with one action, none lost to the concurrency.
 * Prints transitions per second (surefire's -output.txt) for information; speed targets live in
 * bench/.
 */
@Timeout(120)
class RunThroughputTest extends StoreTestBase {

  private static final int HOSTS = 1000;
  private static final RowState[] PATH = {RowState.CONNECTING, RowState.IDENTIFIED,
      RowState.ACTING, RowState.VERIFYING, RowState.DONE};

  @Test
  void transitions_ofAThousandRowRun_areAllStored_fromOneThreadAndFromTwenty() throws Exception {
    try (Store store = openStore("speed.db")) {
      double single = measure(store, "single", 1);
      double twenty = measure(store, "twenty", 20);
      System.out.printf(Locale.ROOT, "run transitions on %s, %d rows x %d: 1 thread %.0f/s,"
          + " 20 threads %.0f/s%n", storeKind(), HOSTS, PATH.length, single, twenty);
      // speed targets live in bench/ (see bench/RESULTS.md); here only the rows' end state is asserted
    }
  }

  static double measure(Store store, String run, int threads) throws Exception {
    List<String> hosts = IntStream.range(0, HOSTS).mapToObj(i -> String.format("h%04d", i))
        .toList();
    store.createRun(RunStoreTest.run(run, Instant.now()), RunStoreTest.rows(run, hosts,
        List.of("restart")));
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          for (int i = first; i < HOSTS; i += threads) {
            for (RowState state : PATH) {
              store.transition(run, hosts.get(i), "restart", state,
                  state == RowState.DONE ? 0 : null, null, state == RowState.ACTING,
                  Instant.now());
            }
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }));
    }
    long began = System.nanoTime();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    assertThat(failures).isEmpty();
    List<RunRow> rows = store.rows(run);
    assertThat(rows).hasSize(HOSTS).allSatisfy(r -> {
      assertThat(r.state()).isEqualTo(RowState.DONE);
      assertThat(r.actions()).isEqualTo(1);
      assertThat(r.endedAt()).isNotNull();
    });
    return HOSTS * PATH.length / seconds;
  }
}
