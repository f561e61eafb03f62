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
        "staging", expectHostname, null, "test");
  }

  ExecReport exec(Host host, String command) {
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(dir.resolve("none")), new TransportOptions(Duration.ofSeconds(5), null))) {
      return new FleetExec(transport, TestFleets.audit(dir)).run(new ExecRequest("localhost", List.of(host), command, 1, Duration.ofSeconds(10), 1024),
          new ExecListener() {});
    }
  }

  @Test
  void localHost_runsAsALocalProcess_withoutAnySshKey() throws Exception {
    Path marker = dir.resolve("local-ran");

    ExecReport report = exec(local(null), "echo $((40+2)); touch '" + marker + "'");

    HostOutcome.Ran ran = (HostOutcome.Ran) report.outcomes().getFirst();
    assertThat(ran.result().stdout().text()).isEqualTo("42\n");
    assertThat(ran.identity()).isInstanceOf(Identity.Verified.class);
    assertThat(Files.exists(marker)).isTrue();
  }

  @Test
  void localHost_withExpectHostname_isStillCheckedAndRefusedWhenWrong() throws Exception {
    Path marker = dir.resolve("local-ran");

    ExecReport report = exec(local("not-this-machine"), "touch '" + marker + "'");

    assertThat(report.outcomes().getFirst().state()).isEqualTo("refused");
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void localHost_killsACommandThatOutlivesItsTimeout() {
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(dir.resolve("none")), new TransportOptions(Duration.ofSeconds(5), null))) {
      ExecReport report = new FleetExec(transport, TestFleets.audit(dir)).run(
          new ExecRequest("localhost", List.of(local(null)), "sleep 30", 1, Duration.ofMillis(300), 1024), new ExecListener() {});

      HostOutcome outcome = report.outcomes().getFirst();
      assertThat(outcome).isInstanceOf(HostOutcome.Broken.class);
      assertThat(((HostOutcome.Broken) outcome).reason()).contains("did not finish within").contains("killed");
    }
  }
}
