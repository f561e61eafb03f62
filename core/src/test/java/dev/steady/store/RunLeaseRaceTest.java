package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.run.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leases are all or none, atomically: two threads and two processes race for overlapping host
 * sets, round after round, and no host is ever shared or half taken.
 */
@Timeout(120)
class RunLeaseRaceTest extends StoreTestBase {

  private static final int ROUNDS = 30;
  /** Around the cycle, each contender overlaps the next one: thread, process, thread, process. */
  private static final List<String> CONTENDERS = List.of("thread-1", "proc-1", "thread-2",
      "proc-2");

  @Test
  void overlappingHostSets_racedByTwoThreadsAndTwoProcesses_eachContestIsWonByExactlyOne()
      throws Exception {
    race(storeUrl("leases.db"), dir);
  }

  /** The race on the store at {@code url}, with the workers' files in {@code dir}. */
  static void race(String url, Path dir) throws Exception {
    try (Store store = Stores.open(url)) {
      List<Process> workers = new ArrayList<>();
      for (String name : List.of("proc-1", "proc-2")) {
        workers.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
            RunLeaseWorker.class.getName(), url, name, Integer.toString(ROUNDS),
            dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start());
      }
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        awaitFiles(workers, dir.resolve("proc-1.ready"), dir.resolve("proc-2.ready"));
        for (int round = 0; round < ROUNDS; round++) {
          Map<String, List<String>> wants = hostSets(round);
          for (String name : List.of("proc-1", "proc-2")) {
            Files.writeString(dir.resolve(name + "." + round + ".hosts"),
                String.join(",", wants.get(name)));
          }
          List<Future<String>> inProcess = new ArrayList<>();
          int r = round;
          for (String name : List.of("thread-1", "thread-2")) {
            inProcess.add(threads.submit(() -> {
              RunLeaseWorker.await(dir.resolve("go-" + r));
              return RunLeaseWorker.outcome(
                  store.acquireLeases(name + "-" + r, name, wants.get(name), Instant.now()));
            }));
          }
          Files.writeString(dir.resolve("go-" + round), "");

          Map<String, String> outcomes = new HashMap<>();
          outcomes.put("thread-1", inProcess.get(0).get(30, TimeUnit.SECONDS));
          outcomes.put("thread-2", inProcess.get(1).get(30, TimeUnit.SECONDS));
          for (String name : List.of("proc-1", "proc-2")) {
            Path result = dir.resolve(name + "." + round + ".result");
            awaitFiles(workers, result);
            outcomes.put(name, Files.readString(result));
          }
          check(round, wants, outcomes, store.leases());
        }
      } catch (Throwable e) {
        workers.forEach(Process::destroyForcibly); // a failed round leaves them waiting
        throw e;
      } finally {
        threads.shutdownNow();
      }
      for (int i = 0; i < workers.size(); i++) {
        Process worker = workers.get(i);
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue())
            .as(Files.readString(dir.resolve("proc-" + (i + 1) + ".log"))).isZero();
      }
    }
  }

  /**
   * Even rounds: a cycle (each contender shares one host with each neighbour), so the winners are
   * contenders 0 and 2 or 1 and 3. Odd rounds: every set also holds one shared host, so exactly
   * one contender wins.
   */
  private static Map<String, List<String>> hostSets(int round) {
    Map<String, List<String>> sets = new LinkedHashMap<>();
    for (int i = 0; i < CONTENDERS.size(); i++) {
      List<String> hosts = new ArrayList<>(List.of(host(round, i), host(round, (i + 1) % 4)));
      if (round % 2 == 1) {
        hosts.add(i % hosts.size(), "r" + round + "-shared");
      }
      sets.put(CONTENDERS.get(i), hosts);
    }
    return sets;
  }

  private static String host(int round, int i) {
    return "r" + round + "-web-0" + i;
  }

  private static void check(int round, Map<String, List<String>> wants,
      Map<String, String> outcomes, List<Lease> leases) {
    String context = "round " + round + ": " + outcomes;
    List<String> winners = CONTENDERS.stream().filter(n -> outcomes.get(n).equals("won"))
        .toList();
    if (round % 2 == 1) {
      assertThat(winners).as(context).hasSize(1);
    } else {
      assertThat(winners).as(context).isIn(List.of("thread-1", "thread-2"),
          List.of("proc-1", "proc-2"));
    }
    Map<String, String> expectedHolders = new HashMap<>();
    for (String winner : winners) {
      for (String host : wants.get(winner)) {
        assertThat(expectedHolders.put(host, winner + "-" + round)).as(context + " shares " + host)
            .isNull();
      }
    }
    Map<String, String> holders = leases.stream().filter(l -> l.host().startsWith("r" + round
        + "-")).collect(Collectors.toMap(Lease::host, l -> l.run() + "/" + l.user()));
    assertThat(holders).as(context + ": every winner's hosts, no loser's")
        .isEqualTo(expectedHolders.entrySet().stream().collect(Collectors.toMap(
            Map.Entry::getKey, e -> e.getValue() + "/" + e.getValue().substring(0, e.getValue().lastIndexOf('-')))));
    for (String loser : CONTENDERS) {
      if (winners.contains(loser)) {
        continue;
      }
      Set<String> named = new HashSet<>();
      for (String conflict : outcomes.get(loser).substring("refused ".length()).split(" ")) {
        String host = conflict.substring(0, conflict.indexOf('='));
        assertThat(wants.get(loser)).as(context).contains(host);
        assertThat(conflict.substring(conflict.indexOf('=') + 1)).as(context)
            .isEqualTo(holders.get(host));
        named.add(host);
      }
      assertThat(named).as(context + ": " + loser + " names a holder").isNotEmpty();
    }
  }

  private static void awaitFiles(List<Process> workers, Path... files) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Path f : files) {
      while (!Files.exists(f)) {
        assertThat(System.nanoTime()).as("%s before the deadline", f).isLessThan(deadline);
        for (Process worker : workers) {
          assertThat(worker.isAlive() || worker.exitValue() == 0).as("worker died").isTrue();
        }
        Thread.sleep(2);
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
