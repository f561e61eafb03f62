package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.identity.Identity;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The local transport: {@code connection: local} runs commands on this machine, without SSH. */
@Timeout(30)
class LocalExecTest {

  @TempDir Path dir;

  static Host local(String expectHostname) {
    return new Host("localhost", "localhost", 22, System.getProperty("user.name"), null, List.of(), Map.of("connection", "local"),
        "production", expectHostname, null, "test");
  }

  /** What this machine's hostname answers, without its newline. */
  static String thisMachine() throws Exception {
    Process p = new ProcessBuilder("hostname").start();
    String name = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).isZero();
    return name;
  }

  ExecReport exec(Host host, String command) {
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(dir.resolve("none")), new TransportOptions(Duration.ofSeconds(5), null))) {
      return new FleetExec(transport, TestFleets.audit(dir)).run(new ExecRequest("localhost", List.of(host), command, 1, Duration.ofSeconds(10), 1024),
          new ExecListener() {});
    }
  }

  @Test
  void localHost_namedForThisMachine_runsAsALocalProcess_withoutAnySshKey() throws Exception {
    Path marker = dir.resolve("local-ran");

    ExecReport report = exec(local(thisMachine()), "echo $((40+2)); touch '" + marker + "'");

    HostOutcome.Ran ran = (HostOutcome.Ran) report.outcomes().getFirst();
    assertThat(ran.result().stdout().text()).isEqualTo("42\n");
    assertThat(ran.identity()).isInstanceOf(Identity.Verified.class);
    assertThat(Files.exists(marker)).isTrue();
  }

  @Test
  void localHost_whoseNameIsNotThisMachinesHostname_isRefused_andNothingRunsOnTheController() throws Exception {
    assertThat(thisMachine()).isNotEqualTo("localhost");
    Path marker = dir.resolve("local-ran");

    HostOutcome outcome = exec(local(null), "touch '" + marker + "'").outcomes().getFirst();

    assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
    assertThat(outcome.identity().message()).contains("localhost (local machine) answers hostname '" + thisMachine() + "'");
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void localHost_withExpectHostname_isStillCheckedAndRefusedWhenWrong() throws Exception {
    Path marker = dir.resolve("local-ran");

    ExecReport report = exec(local("not-this-machine"), "touch '" + marker + "'");

    assertThat(report.outcomes().getFirst().state()).isEqualTo("refused");
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void localHost_killsACommandThatOutlivesItsTimeout() throws Exception {
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(dir.resolve("none")), new TransportOptions(Duration.ofSeconds(5), null))) {
      ExecReport report = new FleetExec(transport, TestFleets.audit(dir)).run(
          new ExecRequest("localhost", List.of(local(thisMachine())), "sleep 30", 1, Duration.ofMillis(300), 1024), new ExecListener() {});

      HostOutcome outcome = report.outcomes().getFirst();
      assertThat(outcome).isInstanceOf(HostOutcome.Broken.class);
      assertThat(((HostOutcome.Broken) outcome).reason()).contains("did not finish within").contains("killed");
    }
  }
}
