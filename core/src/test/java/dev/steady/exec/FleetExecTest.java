package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.Identity;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fan-out against real embedded SSH hosts: identity on the acting connection, order, faults. */
@Timeout(60)
class FleetExecTest {

  static final List<String> NAMES = List.of("web-01", "web-02", "web-03", "db-01");
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;

  @TempDir Path work;
  KnownHosts pins;
  AuditLog audit;
  FleetTransport transport;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, NAMES);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    pins = TestFleets.pins(work.resolve("known_hosts"), fleet.hosts());
    audit = TestFleets.audit(work);
    transport = new FleetTransport(pins, new TransportOptions(Duration.ofSeconds(5), null));
    for (EmbeddedHost h : fleet.hosts()) {
      h.setHostname(h.name());
    }
  }

  @AfterEach
  void tearDown() {
    transport.close();
  }

  List<Host> hosts() {
    return fleet.hosts().stream().map(h -> TestFleets.host(h, fleet.clientKey(), "production")).toList();
  }

  ExecReport exec(List<Host> hosts, String command, ExecListener listener) {
    return new FleetExec(transport, audit).run(new ExecRequest("test", hosts, command, 20, Duration.ofSeconds(30), 1 << 20), listener);
  }

  int commandsBefore(EmbeddedHost h) {
    return h.commandsRun().size();
  }

  @Test
  void exec_runsOnEveryHostAfterHostname_andReportsInInventoryOrder() {
    List<String> order = new CopyOnWriteArrayList<>();
    ExecReport report = exec(hosts(), "echo hello from $(hostname)", new ExecListener() {
      @Override
      public void hostDone(HostOutcome outcome) {
        order.add(outcome.host().name());
      }
    });

    assertThat(order).containsExactlyElementsOf(NAMES);
    assertThat(report.allOk()).isTrue();
    for (HostOutcome o : report.outcomes()) {
      HostOutcome.Ran ran = (HostOutcome.Ran) o;
      assertThat(ran.result().stdout().text()).isEqualTo("hello from " + o.host().name() + "\n");
      List<String> run = fleet.host(o.host().name()).commandsRun();
      assertThat(run.get(run.size() - 2)).as("the identity proof ran first").startsWith("hostname || exit 1;");
      assertThat(run.getLast()).isEqualTo("echo hello from $(hostname)");
    }
  }

  @Test
  void exec_refusesHostWithUnpinnedKey_andRunsNothingThere() throws Exception {
    EmbeddedHost web02 = fleet.host("web-02");
    KnownHosts partial = TestFleets.pins(work.resolve("partial_known_hosts"),
        fleet.hosts().stream().filter(h -> h != web02).toList());
    transport.close();
    transport = new FleetTransport(partial, new TransportOptions(Duration.ofSeconds(5), null));
    int before = commandsBefore(web02);

    ExecReport report = exec(hosts(), "touch ran-here", new ExecListener() {});

    HostOutcome outcome = report.outcomes().get(1);
    assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
    assertThat(outcome.identity()).isInstanceOf(Identity.UnknownKey.class);
    assertThat(outcome.identity().message())
        .contains("SHA256:").contains("production").contains("steady inventory pin web-02");
    assertThat(web02.commandsRun()).hasSize(before);
    assertThat(web02.root().resolve("ran-here")).doesNotExist();
    assertThat(fleet.host("web-01").root().resolve("ran-here")).exists();
    assertThat(report.count("ok")).isEqualTo(3);
  }

  @Test
  void exec_refusesChangedHostKeyLoudly_andRunsNothing() throws Exception {
    EmbeddedHost web03 = fleet.host("web-03");
    web03.replaceHostKey(); // the pins of setUp() still hold the old key; later tests pin the new one
    int commands = commandsBefore(web03);

    ExecReport report = exec(hosts(), "touch after-key-change", new ExecListener() {});

    HostOutcome outcome = report.outcomes().get(2);
    assertThat(outcome.identity()).isInstanceOf(Identity.ChangedKey.class);
    assertThat(outcome.identity().code()).isEqualTo("mismatch");
    assertThat(outcome.identity().message()).contains("HOST KEY CHANGED").contains("man-in-the-middle")
        .contains("steady inventory pin web-03 --replace");
    assertThat(web03.commandsRun()).hasSize(commands);
    assertThat(web03.root().resolve("after-key-change")).doesNotExist();
  }

  @Test
  void exec_anEntryRepointedAtAnotherHostThatAnswersItsName_isRefusedByThePinsName_beforeLoggingIn() {
    // the reported attack: web-02's inventory entry points at web-01's machine, which answers hostname web-02
    EmbeddedHost web01 = fleet.host("web-01");
    web01.setHostname("web-02");
    Host repointed = TestFleets.pointingAt("web-02", web01, fleet.clientKey());
    int before = commandsBefore(web01);

    ExecReport report = exec(List.of(repointed), "touch impostor-ran", new ExecListener() {});

    HostOutcome outcome = report.outcomes().getFirst();
    assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
    assertThat(outcome.identity()).isInstanceOf(Identity.UnknownKey.class);
    assertThat(outcome.identity().message()).contains("is not pinned for the name web-02")
        .contains("only for [web-01]:" + web01.port() + ",[127.0.0.1]:" + web01.port());
    assertThat(web01.commandsRun()).as("not even logged into").hasSize(before);
    assertThat(web01.root().resolve("impostor-ran")).doesNotExist();
  }

  @Test
  void exec_aCloneWithTheOriginalsKeyAndHostname_isRefusedByItsMachineId_andRunsNothing() {
    // db-01 becomes a clone of web-01's image (key and hostname, its own machine-id) and takes over web-01's address
    EmbeddedHost web01 = fleet.host("web-01");
    EmbeddedHost clone = fleet.host("db-01");
    int address = web01.port();
    clone.cloneOf(web01);
    web01.stop();
    clone.moveTo(address);
    try {
      Host repointed = TestFleets.host(web01, fleet.clientKey(), "production");
      int before = commandsBefore(clone);

      HostOutcome outcome = exec(List.of(repointed), "touch clone-ran", new ExecListener() {}).outcomes().getFirst();

      assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
      assertThat(outcome.identity()).isEqualTo(new Identity.MachineIdMismatch(repointed, outcome.identity().fingerprint(),
          web01.machineId(), clone.machineId()));
      assertThat(outcome.identity().message()).contains("has machine-id " + clone.machineId() + ", expected " + web01.machineId())
          .contains("steady inventory pin web-01 --replace");
      assertThat(clone.commandsRun().subList(before, clone.commandsRun().size())).hasSize(1)
          .allMatch(c -> c.startsWith("hostname || exit 1;"));
      assertThat(clone.root().resolve("clone-ran")).doesNotExist();
    } finally {
      clone.replaceHostKey();
      clone.setHostname("db-01");
      clone.moveTo(0);
      web01.start();
    }
  }

  @Test
  void exec_aHostnameThatMatchesOnlyAfterTrimming_isRefused_andTheRefusalDoesNotWhitelistIt() {
    EmbeddedHost web01 = fleet.host("web-01");
    web01.setHostname("web-01  "); // written with one trailing newline, as hostname prints
    int before = commandsBefore(web01);

    HostOutcome outcome = exec(hosts().subList(0, 1), "touch trimmed-ran", new ExecListener() {}).outcomes().getFirst();

    assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
    assertThat(outcome.identity()).isInstanceOf(Identity.HostnameMismatch.class);
    assertThat(outcome.identity().message()).contains("answers hostname 'web-01  ', expected exactly 'web-01'")
        .contains("check that it is the machine you meant").contains("/etc/machine-id").doesNotContain("set expect_hostname");
    assertThat(web01.commandsRun()).hasSize(before + 1);
    assertThat(web01.root().resolve("trimmed-ran")).doesNotExist();
  }

  @Test
  void exec_expectMachineIdInTheInventory_isCheckedOnEveryConnection() {
    EmbeddedHost web01 = fleet.host("web-01");
    Host h = TestFleets.host(web01, fleet.clientKey(), "production");
    Host wrongId = new Host(h.name(), h.address(), h.port(), h.user(), h.identityFile(), h.groups(), h.vars(), h.env(), null, null,
        h.source(), "0".repeat(32));
    Host rightId = new Host(h.name(), h.address(), h.port(), h.user(), h.identityFile(), h.groups(), h.vars(), h.env(), null, null,
        h.source(), web01.machineId());

    assertThat(exec(List.of(wrongId), "true", new ExecListener() {}).outcomes().getFirst().identity())
        .isInstanceOf(Identity.MachineIdMismatch.class);
    assertThat(exec(List.of(rightId), "true", new ExecListener() {}).allOk()).isTrue();
  }

  @Test
  void exec_withFollowedPins_aKeyRevokedOrAPinFileBrokenMidProcess_refusesTheNextConnection() throws Exception {
    EmbeddedHost web01 = fleet.host("web-01");
    Path file = work.resolve("known_hosts");
    transport.close();
    transport = new FleetTransport(KnownHosts.followed(file), new TransportOptions(Duration.ofSeconds(5), null));
    List<Host> one = hosts().subList(0, 1);
    assertThat(exec(one, "touch before-revoke", new ExecListener() {}).count("ok")).isEqualTo(1);

    String pinned = web01.knownHostsLine();
    Files.writeString(file, "@revoked " + pinned + System.lineSeparator(), StandardOpenOption.APPEND);
    int commands = commandsBefore(web01);
    HostOutcome revoked = exec(one, "touch after-revoke", new ExecListener() {}).outcomes().get(0);

    assertThat(revoked.identity()).isInstanceOf(Identity.RevokedKey.class);
    assertThat(web01.commandsRun()).hasSize(commands);
    assertThat(web01.root().resolve("after-revoke")).doesNotExist();

    Files.delete(file);
    Files.createDirectory(file);
    HostOutcome unreadable = exec(one, "touch pins-unreadable", new ExecListener() {}).outcomes().get(0);

    assertThat(unreadable).isInstanceOf(HostOutcome.Unreachable.class);
    assertThat(unreadable.identity().message()).contains("web-01").contains("known hosts file " + file);
    assertThat(web01.commandsRun()).hasSize(commands);
    assertThat(web01.root().resolve("pins-unreadable")).doesNotExist();
  }

  @Test
  void exec_refusesHostThatAnswersAnotherHostname() {
    EmbeddedHost db = fleet.host("db-01");
    db.setHostname("db-01-clone");

    ExecReport report = exec(hosts(), "true", new ExecListener() {});

    assertThat(report.outcomes().get(3).state()).isEqualTo("refused");
    assertThat(report.allOk()).isFalse();
  }

  @Test
  void exec_acceptsExpectHostnameInsteadOfName() {
    EmbeddedHost db = fleet.host("db-01");
    db.setHostname("db-01.prod.example");
    Host h = TestFleets.host(db, fleet.clientKey(), "production");
    Host withExpect = new Host(h.name(), h.address(), h.port(), h.user(), h.identityFile(), h.groups(), h.vars(), h.env(),
        "db-01.prod.example", null, h.source());

    assertThat(exec(List.of(withExpect), "true", new ExecListener() {}).allOk()).isTrue();
  }

  @Test
  void exec_reportsUnreachableHostByNameAndPort() throws Exception {
    EmbeddedHost web02 = fleet.host("web-02");
    web02.stop();
    try {
      ExecReport report = exec(hosts(), "true", new ExecListener() {});
      HostOutcome outcome = report.outcomes().get(1);
      assertThat(outcome).isInstanceOf(HostOutcome.Unreachable.class);
      assertThat(outcome.identity().message()).startsWith("web-02 (steady@127.0.0.1:" + web02.port() + ")");
      assertThat(report.count("ok")).isEqualTo(3);
    } finally {
      web02.start();
    }
  }

  @Test
  void exec_reportsCommandNotFoundAsFailedWithItsStatus() {
    ExecReport report = exec(hosts().subList(0, 1), "no-such-command-xyz", new ExecListener() {});

    HostOutcome.Ran ran = (HostOutcome.Ran) report.outcomes().getFirst();
    assertThat(ran.state()).isEqualTo("failed");
    assertThat(ran.result().exitStatus()).isEqualTo(127);
    assertThat(ran.result().stderr().text()).contains("no-such-command-xyz");
  }

  @Test
  void exec_capsHugeOutputWithMarker_andDigestsAllOfIt() {
    ExecReport report = new FleetExec(transport, audit).run(
        new ExecRequest("test", hosts().subList(0, 1), "head -c 50000000 /dev/zero", 1, Duration.ofSeconds(60), 4096),
        new ExecListener() {});

    HostOutcome.Ran ran = (HostOutcome.Ran) report.outcomes().getFirst();
    assertThat(ran.result().stdout().totalBytes()).isEqualTo(50_000_000L);
    assertThat(ran.result().stdout().head()).hasSize(4096);
    assertThat(ran.result().stdout().text()).contains("[steady: output truncated, 49995904 more bytes not shown");
    assertThat(ran.state()).isEqualTo("ok");
  }

  @Test
  void exec_reportsHostThatDropsTheConnectionMidCommand() throws Exception {
    EmbeddedHost web01 = fleet.host("web-01");
    Thread dropper = Thread.startVirtualThread(() -> {
      try {
        for (int i = 0; i < 100 && !web01.commandsRun().contains("sleep 20 # drop-me"); i++) {
          Thread.sleep(50);
        }
        Thread.sleep(300);
        web01.disconnectAll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    ExecReport report = exec(hosts().subList(0, 1), "sleep 20 # drop-me", new ExecListener() {});
    dropper.join();

    HostOutcome outcome = report.outcomes().getFirst();
    assertThat(outcome).isInstanceOf(HostOutcome.Broken.class);
    assertThat(((HostOutcome.Broken) outcome).reason()).startsWith("web-01 (").contains("closed");
    assertThat(outcome.state()).isEqualTo("failed");
  }

  @Test
  void exec_withWrongKeyFile_cannotLogIn_andRunsNothing() throws Exception {
    Path otherKey = work.resolve("other_key");
    new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).start().waitFor();
    EmbeddedHost web01 = fleet.host("web-01");
    Host h = TestFleets.host(web01, otherKey, "staging");
    int before = commandsBefore(web01);

    HostOutcome outcome = exec(List.of(h), "true", new ExecListener() {}).outcomes().getFirst();

    assertThat(outcome).isInstanceOf(HostOutcome.Unreachable.class);
    assertThat(outcome.identity().message()).contains("login as steady failed").contains("identity_file");
    assertThat(web01.commandsRun()).hasSize(before);
  }

  @Test
  void exec_withMissingKeyFile_isBadInputBeforeAnyHostIsTouched() {
    Host h = TestFleets.host(fleet.host("web-01"), work.resolve("no-such-key"), "staging");
    int before = commandsBefore(fleet.host("web-01"));

    assertThatThrownBy(() -> exec(List.of(h), "true", new ExecListener() {}))
        .isInstanceOf(SteadyException.class)
        .hasMessageContaining("identity file " + work.resolve("no-such-key") + " of host web-01")
        .hasMessageContaining("does not exist");
    assertThat(fleet.host("web-01").commandsRun()).hasSize(before);
  }

  @Test
  void exec_neverWorksOnMoreHostsThanTheConcurrencyAllows() throws Exception {
    Path log = work.resolve("overlap.log");
    Files.createFile(log);
    String command = "echo start >> '" + log + "'; sleep 0.3; echo end >> '" + log + "'";

    new FleetExec(transport, audit).run(new ExecRequest("test", hosts(), command, 2, Duration.ofSeconds(30), 1024),
        new ExecListener() {});

    int running = 0;
    int peak = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      running += line.equals("start") ? 1 : -1;
      peak = Math.max(peak, running);
    }
    assertThat(peak).isBetween(1, 2);
  }

  @Test
  void exec_recordsIdentityCommandAndOutputDigestInTheAuditLog() {
    ExecReport report = exec(hosts().subList(0, 2), "echo audited", new ExecListener() {});

    List<AuditEntry> entries = new ArrayList<>(audit.tail(100, report.id()));
    assertThat(entries).extracting(AuditEntry::action)
        .contains("exec.start", "identity", "exec.command", "exec.result", "exec.end");
    AuditEntry result = entries.stream().filter(e -> e.action().equals("exec.result")).findFirst().orElseThrow();
    String sha = ((HostOutcome.Ran) report.outcomes().getFirst()).result().stdout().sha256();
    assertThat(result.dataJson()).contains(sha);
    AuditEntry identity = entries.stream().filter(e -> e.action().equals("identity")).findFirst().orElseThrow();
    assertThat(identity.dataJson()).contains("\"machine_id\":\"" + fleet.host(identity.host()).machineId() + "\"");
    assertThat(audit.verify().ok()).isTrue();
    assertThat(Map.of("entries", audit.verify().entries())).containsEntry("entries", (long) entries.size());
  }

  Host behindBastion(String target, EmbeddedHost bastion) {
    Host h = TestFleets.host(fleet.host(target), fleet.clientKey(), "production");
    return new Host(h.name(), h.address(), h.port(), h.user(), h.identityFile(), h.groups(), h.vars(), h.env(), null,
        "steady@127.0.0.1:" + bastion.port(), h.source());
  }

  @Test
  void exec_throughBastion_checksTheTargetsIdentityAndRunsNothingOnTheBastion() {
    EmbeddedHost bastion = fleet.host("db-01");
    int before = commandsBefore(bastion);

    ExecReport report = exec(List.of(behindBastion("web-02", bastion)), "hostname", new ExecListener() {});

    assertThat(report.allOk()).as(report.toString()).isTrue();
    assertThat(((HostOutcome.Ran) report.outcomes().getFirst()).result().stdout().text()).isEqualTo("web-02\n");
    assertThat(bastion.commandsRun()).hasSize(before);
  }

  @Test
  void exec_throughBastionThatIsDown_isUnreachableAndSaysSo() throws Exception {
    EmbeddedHost bastion = fleet.host("db-01");
    bastion.stop();
    try {
      int before = commandsBefore(fleet.host("web-02"));

      HostOutcome outcome = exec(List.of(behindBastion("web-02", bastion)), "true", new ExecListener() {}).outcomes().getFirst();

      assertThat(outcome).isInstanceOf(HostOutcome.Unreachable.class);
      assertThat(outcome.identity().message()).startsWith("web-02 via bastion: ");
      assertThat(fleet.host("web-02").commandsRun()).hasSize(before);
    } finally {
      bastion.start();
    }
  }

  @Test
  void exec_throughBastionWhoseKeyIsNotPinned_isRefused() throws Exception {
    EmbeddedHost bastion = fleet.host("db-01");
    transport.close();
    transport = new FleetTransport(TestFleets.pins(work.resolve("no_bastion"), fleet.hosts().subList(0, 3)),
        new TransportOptions(Duration.ofSeconds(5), null));

    HostOutcome outcome = exec(List.of(behindBastion("web-02", bastion)), "true", new ExecListener() {}).outcomes().getFirst();

    assertThat(outcome).isInstanceOf(HostOutcome.Refused.class);
    assertThat(outcome.identity()).isInstanceOf(Identity.UnknownKey.class);
    assertThat(outcome.identity().message()).contains("proxy_jump of web-02").doesNotContain("null");
  }
}
