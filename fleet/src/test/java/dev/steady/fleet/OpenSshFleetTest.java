package dev.steady.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenSshFleetTest {

  private static final String SHARED = "/srv/steady-fleet-test";

  @TempDir Path dir;

  @Test
  void eachHostAnswersItsNameAndSeesOnlyItsOwnTree() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs Linux, root, sshd and unshare");
    try (OpenSshFleet fleet = OpenSshFleet.start(dir, List.of("app-01", "app-02", "app-03"), SHARED)) {
      for (OpenSshHost host : fleet.hosts()) {
        assertThat(ssh(fleet, host, "hostname")).isEqualTo(host.name() + "\n");
        assertThat(ssh(fleet, host, "cat /etc/machine-id")).isEqualTo(host.machineId() + "\n");
      }
      assertThat(fleet.hosts().stream().map(OpenSshHost::machineId).distinct()).hasSize(3);
      assertThat(Files.readString(Path.of("/etc/machine-id")).strip()).isNotIn(fleet.hosts().stream().map(OpenSshHost::machineId).toList());
      Files.writeString(fleet.host("app-02").root().resolve("marker.txt"), "only on app-02");

      assertThat(ssh(fleet, fleet.host("app-02"), "cat " + SHARED + "/marker.txt")).isEqualTo("only on app-02");
      assertThat(ssh(fleet, fleet.host("app-01"), "ls -A " + SHARED)).isEmpty();
      assertThat(Path.of(SHARED, "marker.txt")).doesNotExist();
    }
  }

  @Test
  void minaClientWorksToo_andCloseLeavesNoDaemonBehind() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs Linux, root, sshd and unshare");
    OpenSshFleet fleet = OpenSshFleet.start(dir, List.of("db-01", "db-02"), SHARED);
    try (fleet; Ssh ssh = new Ssh(fleet.clientKey())) {
      Ssh.Result result = ssh.run(fleet.host("db-01"), "hostname; echo oops >&2; exit 3");
      assertThat(result).isEqualTo(new Ssh.Result(3, "db-01\n", "oops\n"));
      assertThat(daemonsOf(dir)).hasSize(2);

      ClientSession session = ssh.connect(fleet.host("db-02"));
      session.createExecChannel("exec sleep 31.4159").open().verify(Ssh.TIMEOUT);
      waitUntil(() -> !processesMatching("sleep 31\\.4159").isEmpty());
    }
    assertThat(daemonsOf(dir)).isEmpty();
    assertThat(processesMatching("sleep 31\\.4159")).isEmpty();
  }

  private static List<Long> daemonsOf(Path dir) {
    return processesMatching("(sshd: )?/usr/sbin/sshd .*" + Pattern.quote(dir.toString()) + ".*");
  }

  /** sshd rewrites its argv (so ProcessHandle.Info cannot match it); /proc/PID/cmdline shows the rewrite. */
  private static List<Long> processesMatching(String regex) {
    return ProcessHandle.allProcesses()
        .filter(p -> cmdline(p.pid()).strip().matches(regex))
        .map(ProcessHandle::pid)
        .toList();
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
  }

  private static String cmdline(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** Runs {@code command} through the system's OpenSSH client, pinning keys from the fleet's known_hosts. */
  private static String ssh(OpenSshFleet fleet, OpenSshHost host, String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("ssh", "-i", fleet.clientKey().toString(),
        "-o", "UserKnownHostsFile=" + fleet.knownHosts(), "-o", "StrictHostKeyChecking=yes",
        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-p", String.valueOf(host.port()), "root@127.0.0.1", command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("ssh exit status for " + host + ": " + command).isZero();
    return out;
  }
}
