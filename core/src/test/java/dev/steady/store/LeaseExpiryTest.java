package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.run.Controller;
import dev.steady.run.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leases of a crashed controller: they stay until their heartbeat is older than the lease TTL,
 * then {@code steady resume} of the run takes them over explicitly; a run that is still
 * heartbeating cannot be taken over, and a fenced heartbeat of the old holder fails afterwards.
 * A lease names its controller process: one on this machine whose process is gone (or whose pid
 * now names a process started at another time) is dead at once; one on another machine is judged
 * by its heartbeat only.
 */
@Timeout(60)
class LeaseExpiryTest extends StoreTestBase {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");

  @Test
  void takeOver_refusedWhileHeartbeating_allowedAfterTheTtl_fencesTheOldHolder() {
    try (Store store = openStore("leases.db")) {
      Duration ttl = store.leaseTtl();
      List<String> hosts = List.of("web-01", "web-02");
      assertThat(store.acquireLeases("r1", "alice", hosts, T0)).isEmpty();

      Instant beat = T0.plus(ttl.dividedBy(2));
      assertThat(store.takeOverLeases("r1", "bob", beat)).as("alice's controller is alive")
          .extracting(Lease::host, Lease::user)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("web-01", "alice"),
              org.assertj.core.groups.Tuple.tuple("web-02", "alice"));
      assertThat(store.heartbeat("r1", T0, beat)).isEqualTo(2);
      assertThat(store.takeOverLeases("r1", "bob", beat.plus(ttl).minusMillis(1)))
          .as("the heartbeat renewed the lease").hasSize(2);
      assertThat(store.acquireLeases("r2", "carol", List.of("web-02"), beat.plus(ttl.multipliedBy(5))))
          .as("an expired lease is never taken silently by another run")
          .extracting(Lease::run, Lease::user, Lease::heartbeatAt)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", "alice", beat));

      Instant taken = beat.plus(ttl).plusMillis(1);
      assertThat(store.takeOverLeases("r1", "bob", taken)).isEmpty();
      assertThat(store.leases()).extracting(Lease::host, Lease::run, Lease::user, Lease::heartbeatAt)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("web-01", "r1", "bob", taken),
              org.assertj.core.groups.Tuple.tuple("web-02", "r1", "bob", taken));
      assertThat(store.heartbeat("r1", beat, taken.plusSeconds(1)))
          .as("alice's controller, back from the dead, learns it lost the run").isZero();
      assertThat(store.heartbeat("r1", taken, taken.plusSeconds(2))).isEqualTo(2);
      assertThat(store.takeOverLeases("r1", "carol", taken.plusSeconds(3)))
          .as("bob's controller is alive").hasSize(2);

      assertThat(store.takeOverLeases("r9", "bob", taken)).as("no leases: nothing to take").isEmpty();
      assertThat(store.heartbeat("r9", null, taken)).isZero();
      store.releaseLeases("r1");
      assertThat(store.heartbeat("r1", taken.plusSeconds(2), taken.plusSeconds(4))).isZero();
      assertThat(store.leases()).isEmpty();
    }
  }

  /** What a lease records of a controller on this machine with {@code pid} started at {@code started}. */
  private static Controller here(long pid, Instant started) {
    Controller me = Controller.current();
    return new Controller(me.hostName(), pid, started, me.bootId());
  }

  /** A process that ran on this machine and is gone: its pid, then free (or soon another's). */
  private static ProcessHandle deadProcess() throws Exception {
    Process p = new ProcessBuilder("sleep", "30").start();
    ProcessHandle handle = p.toHandle();
    p.destroyForcibly().waitFor();
    return handle;
  }

  @Test
  void controller_isRecordedWithTheLease_andTakenOverWithIt() {
    try (Store store = openStore("controller.db")) {
      Controller alice = here(4242, T0.minusSeconds(60));
      assertThat(store.acquireLeases("r1", "alice", alice, List.of("web-01"), T0)).isEmpty();
      assertThat(store.leases()).extracting(Lease::controller).containsExactly(alice);
      assertThat(store.acquireLeases("r2", "carol", List.of("web-02"), T0)).isEmpty();
      assertThat(store.leases()).filteredOn(l -> l.run().equals("r2")).extracting(Lease::controller)
          .as("not recorded").containsOnlyNulls();

      Instant later = T0.plus(store.leaseTtl()).plusSeconds(1);
      Controller bob = Controller.current();
      assertThat(store.takeOverLeases("r1", "bob", bob, later, l -> false)).isEmpty();
      assertThat(store.leases()).filteredOn(l -> l.run().equals("r1")).extracting(Lease::user, Lease::controller)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", bob));
    }
  }

  @Test
  void takeOver_fromAControllerGoneOnThisMachine_isImmediate_whateverItsHeartbeat() throws Exception {
    assumeLinux();
    try (Store store = openStore("gone.db")) {
      ProcessHandle dead = deadProcess();
      Instant now = Instant.now();
      assertThat(store.acquireLeases("r1", "alice", here(dead.pid(), now.minusSeconds(5)), List.of("web-01", "web-02"), now))
          .isEmpty();
      assertThat(store.leases()).allMatch(Lease::controllerGone);

      assertThat(store.takeOverLeases("r1", "bob", Controller.current(), now.plusMillis(1), Lease::controllerGone))
          .as("heartbeat a millisecond old, but its process is gone").isEmpty();
      assertThat(store.leases()).extracting(Lease::user).containsOnly("bob");
      assertThat(store.leases()).noneMatch(Lease::controllerGone);
      assertThat(store.takeOverLeases("r1", "carol", Controller.current(), now.plusMillis(2), Lease::controllerGone))
          .as("bob's controller (this very process) is alive").hasSize(2);
    }
  }

  @Test
  void takeOver_fromAPidNowUsedByAnotherProcess_isImmediate_butNotFromThatSameProcess() {
    assumeLinux();
    try (Store store = openStore("reused.db")) {
      ProcessHandle self = ProcessHandle.current();
      Instant started = self.info().startInstant().orElseThrow();
      Instant now = Instant.now();
      assertThat(store.acquireLeases("r1", "alice", here(self.pid(), started.minusSeconds(3600)), List.of("web-01"), now)).isEmpty();
      assertThat(store.acquireLeases("r2", "dave", here(self.pid(), started), List.of("web-02"), now)).isEmpty();

      assertThat(store.takeOverLeases("r2", "bob", Controller.current(), now.plusMillis(1), Lease::controllerGone))
          .as("the pid and its start time name a live process: the TTL decides").hasSize(1);
      assertThat(store.takeOverLeases("r1", "bob", Controller.current(), now.plusMillis(1), Lease::controllerGone))
          .as("the pid is alive but started an hour later than alice's controller: reused, alice's is gone").isEmpty();
    }
  }

  @Test
  void takeOver_fromAControllerOnAnotherMachine_waitsForTheTtl_evenWhenItsPidIsFreeHere() throws Exception {
    try (Store store = openStore("elsewhere.db")) {
      ProcessHandle dead = deadProcess();
      Controller me = Controller.current();
      Instant now = Instant.now();
      Controller otherBoot = new Controller(me.hostName(), dead.pid(), now.minusSeconds(5), "another-boot-id");
      Controller otherHost = new Controller("db-bastion-7", dead.pid(), now.minusSeconds(5), me.bootId());
      assertThat(store.acquireLeases("r1", "alice", otherBoot, List.of("web-01"), now)).isEmpty();
      assertThat(store.acquireLeases("r2", "alice", otherHost, List.of("web-02"), now)).isEmpty();
      assertThat(store.leases()).noneMatch(Lease::controllerGone);

      for (String run : List.of("r1", "r2")) {
        assertThat(store.takeOverLeases(run, "bob", me, now.plus(store.leaseTtl()).minusMillis(1), Lease::controllerGone))
            .as(run + ": another machine's controller is judged by its heartbeat").hasSize(1);
        assertThat(store.takeOverLeases(run, "bob", me, now.plus(store.leaseTtl()).plusMillis(1), Lease::controllerGone))
            .as(run + ": after the TTL").isEmpty();
      }
    }
  }

  private static void assumeLinux() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Controller.current().bootId() != null, "needs /proc/sys/kernel/random/boot_id");
  }

  @Test
  void crashedControllerProcess_leaseExpiresAfterItsHeartbeatStops_thenResumeTakesItOver()
      throws Exception {
    String url = storeUrl("crash.db");
    Stores.open(url).close();
    Process holder = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
        HeartbeatWorker.class.getName(), url, "r1", "alice", "web-01,web-02", dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("holder.log").toFile())
        .start();
    Path ready = dir.resolve("r1.ready");
    try (Store store = JdbcStore.open(StoreLocation.resolve(url, Map.of(), dir, true),
        Duration.ofSeconds(1))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(ready)) {
        assertThat(holder.isAlive()).as(Files.readString(dir.resolve("holder.log"))).isTrue();
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(10);
      }
      // alive for 3 TTLs: every attempt is refused and names the holder
      for (int i = 0; i < 15; i++) {
        assertThat(store.takeOverLeases("r1", "bob", Instant.now()))
            .extracting(Lease::run, Lease::user).containsOnly(
                org.assertj.core.groups.Tuple.tuple("r1", "alice"));
        assertThat(store.acquireLeases("r2", "bob", List.of("web-02"), Instant.now()))
            .extracting(Lease::run, Lease::user)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", "alice"));
        Thread.sleep(200);
      }
      assertThat(holder.isAlive()).as(Files.readString(dir.resolve("holder.log"))).isTrue();

      holder.destroyForcibly().waitFor();
      Instant crashed = Instant.now();
      List<Lease> refused;
      do {
        Thread.sleep(50);
        refused = store.takeOverLeases("r1", "bob", Instant.now());
      } while (!refused.isEmpty());
      Duration waited = Duration.between(crashed, Instant.now());
      assertThat(waited).isLessThan(Duration.ofSeconds(10));
      assertThat(store.leases()).extracting(Lease::host, Lease::user)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("web-01", "bob"),
              org.assertj.core.groups.Tuple.tuple("web-02", "bob"));
      assertThat(store.leases()).allSatisfy(l -> assertThat(l.heartbeatAt())
          .isAfter(crashed.minus(Duration.ofSeconds(1)).truncatedTo(ChronoUnit.MILLIS)));
    } finally {
      holder.destroyForcibly();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
