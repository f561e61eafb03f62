package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.audit.AuditLog;
import dev.steady.fleet.OpenSshFleet;
import dev.steady.fleet.OpenSshHost;
import dev.steady.identity.Identity;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same guarantees against real OpenSSH daemons, each in its own UTS and mount namespace with a
 * private directory at /srv/app (runs only as root with openssh-server installed, as in CI).
 */
@Timeout(120)
class OpenSshExecTest {

  static final List<String> NAMES = List.of("app-01", "app-02", "app-03");
  @TempDir static Path dir;
  static OpenSshFleet fleet;
  static KnownHosts pins;
  static AuditLog audit;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(OpenSshFleet.available(), "needs root, Linux and /usr/sbin/sshd");
    fleet = OpenSshFleet.start(dir.resolve("fleet"), NAMES, "/srv/app");
    pins = KnownHosts.load(fleet.knownHosts());
    audit = TestFleets.audit(dir);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  static List<Host> hosts() {
    return fleet.hosts().stream().map(h -> TestFleets.host(h, fleet.clientKey(), "production")).toList();
  }

  static ExecReport exec(List<Host> hosts, String command) {
    try (FleetTransport transport = new FleetTransport(pins, new TransportOptions(Duration.ofSeconds(10), null))) {
      return new FleetExec(transport, audit).run(new ExecRequest("test", hosts, command, 20, Duration.ofSeconds(30), 1 << 20),
          new ExecListener() {});
    }
  }

  @Test
  void exec_eachDaemonAnswersItsOwnHostname_andSeesItsOwnSrvApp() throws Exception {
    for (OpenSshHost h : fleet.hosts()) {
      Files.writeString(h.root().resolve("whoami.txt"), "tree of " + h.name() + "\n");
    }

    ExecReport report = exec(hosts(), "hostname; cat /srv/app/whoami.txt");

    assertThat(report.allOk()).as(report.toString()).isTrue();
    for (HostOutcome o : report.outcomes()) {
      assertThat(((HostOutcome.Ran) o).result().stdout().text())
          .isEqualTo(o.host().name() + "\ntree of " + o.host().name() + "\n");
    }
  }

  @Test
  void exec_refusesInventoryEntryPointingAtAnotherDaemon_evenWhenItAnswersTheName_andRunsNothingThere() throws Exception {
    OpenSshHost app01 = fleet.host("app-01");
    Host impostor = TestFleets.pointingAt("app-02", app01, fleet.clientKey());
    assertThat(exec(hosts().subList(0, 1), "hostname app-02").allOk()).isTrue(); // renamed inside its UTS namespace
    try {
      ExecReport report = exec(List.of(impostor), "touch /srv/app/impostor-ran");

      assertThat(report.outcomes().getFirst().identity()).isInstanceOf(Identity.UnknownKey.class);
      assertThat(report.outcomes().getFirst().identity().message()).contains("is not pinned for the name app-02");
      assertThat(app01.root().resolve("impostor-ran")).doesNotExist();
    } finally {
      Host renamed = new Host("app-01", app01.address(), app01.port(), "root", fleet.clientKey().toString(), List.of(), java.util.Map.of(),
          "production", "app-02", null, "test");
      assertThat(exec(List.of(renamed), "hostname app-01").allOk()).isTrue();
    }
  }

  @Test
  void exec_hostThatKillsItsOwnSessionMidCommand_isReportedBroken() {
    ExecReport report = exec(hosts().subList(0, 1), "sleep 0.2; kill -9 $PPID; sleep 5");

    HostOutcome outcome = report.outcomes().getFirst();
    assertThat(outcome.state()).isEqualTo("failed");
    assertThat(outcome).isInstanceOf(HostOutcome.Broken.class);
  }
}
