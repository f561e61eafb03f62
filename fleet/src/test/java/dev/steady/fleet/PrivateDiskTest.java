package dev.steady.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's nearly full disk: a host sees a small tmpfs at a short absolute path, nobody else does,
 * and no mount is left behind. Needs root (the namespace and the mount); skipped otherwise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivateDiskTest {

  private static final long SIZE = 8L * 1024 * 1024;

  @TempDir static Path dir;
  static EmbeddedFleet fleet;
  static Ssh ssh;

  @BeforeAll
  static void startFleet() throws IOException {
    fleet = EmbeddedFleet.start(dir, List.of("disk-01", "other-01"));
    ssh = new Ssh(fleet.clientKey());
  }

  @AfterAll
  static void stopFleet() throws IOException {
    ssh.close();
    fleet.close();
  }

  @Test
  void hostSeesItsOwnSmallDisk_atTheShortPath_andAtTheSamePathUnderItsHome_whileThisMachineDoesNot() throws IOException {
    EmbeddedHost host = fleet.host("disk-01");
    String name = "steady-test-" + UUID.randomUUID() + ".log";
    try (PrivateDisk disk = mountOrSkip(host)) {
      Files.createDirectories(disk.resolve("/var/log/app"));
      Files.writeString(disk.resolve("/var/log/app/" + name), "hello from the private disk\n");

      assertThat(ssh.run(host, "df -P -B1 /var/log | tail -n 1").out().split("\\s+")[1]).isEqualTo(Long.toString(SIZE));
      assertThat(ssh.run(host, "cat /var/log/app/" + name).out()).isEqualTo("hello from the private disk\n");
      assertThat(ssh.run(host, "cat var/log/app/" + name).out()).as("from the host's home too").isEqualTo("hello from the private disk\n");
      assertThat(Path.of("/var/log/app", name)).as("this machine's /var/log is untouched").doesNotExist();
      assertThat(ssh.run(fleet.host("other-01"), "ls /var/log/app/" + name).exit()).as("other hosts do not see it").isNotZero();
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("steady-disk");
    }
    assertThat(ssh.run(host, "ls /var/log/app/" + name).exit()).as("after close the host runs on this machine's tree").isNotZero();
  }

  @Test
  void close_endsTheNamespaceHolder_soNoMountIsLeft() throws IOException {
    PrivateDisk disk = mountOrSkip(fleet.host("disk-01"));
    ProcessHandle holder = ProcessHandle.of(disk.holderPid()).orElseThrow();

    disk.close();

    assertThat(holder.isAlive()).isFalse();
    assertThat(Path.of("/proc", Long.toString(disk.holderPid()), "root")).doesNotExist();
  }

  @Test
  void whenTheNamespaceIsGone_theHostsCommandsFail_ratherThanRunOnThisMachinesDirectory() throws IOException {
    EmbeddedHost host = fleet.host("disk-01");
    String escaped = "/var/log/steady-escape-" + UUID.randomUUID();
    try (PrivateDisk disk = mountOrSkip(host)) {
      ProcessHandle holder = ProcessHandle.of(disk.holderPid()).orElseThrow();
      holder.destroyForcibly();
      holder.onExit().join();

      Ssh.Result touched = ssh.run(host, "touch " + escaped);

      assertThat(touched.exit()).isNotZero();
      assertThat(Path.of(escaped)).doesNotExist();
    } finally {
      Files.deleteIfExists(Path.of(escaped));
    }
  }

  private static PrivateDisk mountOrSkip(EmbeddedHost host) throws IOException {
    try {
      return PrivateDisk.mount(host, "/var/log", SIZE);
    } catch (PrivateDisk.Unavailable e) {
      assumeThat(e.getMessage()).as("a private disk needs root and util-linux").isNull();
      throw e;
    }
  }
}
