package dev.steady.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedFleetTest {

  @TempDir static Path dir;
  static EmbeddedFleet fleet;
  static Ssh ssh;

  @BeforeAll
  static void startFleet() throws IOException {
    fleet = EmbeddedFleet.start(dir, List.of("web-01", "web-02", "db-01"));
    ssh = new Ssh(fleet.clientKey());
  }

  @AfterAll
  static void stopFleet() throws IOException {
    ssh.close();
    fleet.close();
  }

  @Test
  void hostname_answersEachHostsName() throws IOException {
    for (EmbeddedHost host : fleet.hosts()) {
      assertThat(ssh.run(host, "hostname").out()).isEqualTo(host.name() + "\n");
    }
  }

  @Test
  void machineId_eachHostAnswersItsOwn_wheneverACommandReadsEtcMachineId() throws IOException {
    List<String> ids = new java.util.ArrayList<>();
    for (EmbeddedHost host : fleet.hosts()) {
      assertThat(host.machineId()).matches("[0-9a-f]{32}");
      assertThat(ssh.run(host, "cat /etc/machine-id").out()).isEqualTo(host.machineId() + "\n");
      ids.add(host.machineId());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void cloneOf_presentsTheOriginalsKeyAndName_butKeepsItsOwnMachineId() throws IOException {
    EmbeddedHost original = fleet.host("web-01");
    EmbeddedHost clone = fleet.host("db-01");
    PublicKey own = clone.hostKey();
    clone.cloneOf(original);
    try {
      assertThat(ssh.run(clone, "hostname").out()).isEqualTo("web-01\n");
      assertThat(KeyUtils.compareKeys(ssh.keySeenAt(clone.port()), original.hostKey())).isTrue();
      assertThat(ssh.run(clone, "cat /etc/machine-id").out()).isEqualTo(clone.machineId() + "\n").isNotEqualTo(original.machineId() + "\n");
    } finally {
      clone.replaceHostKey();
      clone.setHostname("db-01");
    }
    assertThat(KeyUtils.compareKeys(clone.hostKey(), own)).isFalse();
  }

  @Test
  void setHostname_makesTheHostLie() throws IOException {
    EmbeddedHost host = fleet.host("db-01");
    host.setHostname("web-01");
    try {
      assertThat(ssh.run(host, "hostname").out()).isEqualTo("web-01\n");
    } finally {
      host.setHostname("db-01");
    }
  }

  @Test
  void commands_runAsRealProcessesInTheHostsRoot() throws IOException {
    EmbeddedHost host = fleet.host("web-01");
    Ssh.Result result = ssh.run(host, "pwd; echo $HOME; echo hello > made-here.txt");

    assertThat(result.out()).isEqualTo(host.root() + "\n" + host.root() + "\n");
    assertThat(host.root().resolve("made-here.txt")).hasContent("hello");
    assertThat(fleet.host("web-02").root().resolve("made-here.txt")).doesNotExist();
  }

  @Test
  void exitStatus_propagatesAndStderrStaysSeparate() throws IOException {
    Ssh.Result result = ssh.run(fleet.host("web-02"), "echo out; echo err >&2; exit 7");

    assertThat(result.exit()).isEqualTo(7);
    assertThat(result.out()).isEqualTo("out\n");
    assertThat(result.err()).isEqualTo("err\n");
  }

  @Test
  void stdin_reachesTheProcess() throws IOException {
    try (ClientSession session = ssh.connect(fleet.host("web-02"));
        var channel = session.createExecChannel("tr a-z A-Z")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      channel.setIn(new ByteArrayInputStream("quiet please".getBytes(StandardCharsets.UTF_8)));
      channel.setOut(out);
      channel.open().verify(Ssh.TIMEOUT);
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Ssh.TIMEOUT);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("QUIET PLEASE");
      assertThat(channel.getExitStatus()).isZero();
    }
  }

  @Test
  void largeOutput_streamsWithoutBeingBuffered() throws IOException {
    long size = 50L * 1024 * 1024;
    AtomicLong received = new AtomicLong();
    OutputStream counter = new OutputStream() {
      @Override public void write(int b) { received.incrementAndGet(); }
      @Override public void write(byte[] b, int off, int len) { received.addAndGet(len); }
    };
    try (ClientSession session = ssh.connect(fleet.host("web-01"))) {
      int exit = Ssh.exec(session, "head -c " + size + " /dev/zero", counter, OutputStream.nullOutputStream());
      assertThat(exit).isZero();
    }
    assertThat(received.get()).isEqualTo(size);
  }

  @Test
  void disconnectAll_dropsARunningSessionAndKillsItsProcess() throws Exception {
    EmbeddedHost host = fleet.host("web-02");
    try (ClientSession session = ssh.connect(host)) {
      PidCatcher out = new PidCatcher();
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> execQuietly(session, out));
      long pid = out.pid.get(10, TimeUnit.SECONDS);
      assertThat(ProcessHandle.of(pid)).isPresent();

      host.disconnectAll();

      exit.get(10, TimeUnit.SECONDS);
      assertThat(session.waitFor(EnumSet.of(ClientSessionEvent.CLOSED), Ssh.TIMEOUT))
          .contains(ClientSessionEvent.CLOSED);
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isEmpty();
    }
  }

  @Test
  void stopAndStart_keepPortAndKey() throws IOException {
    EmbeddedHost host = fleet.host("db-01");
    int port = host.port();
    PublicKey key = host.hostKey();

    host.stop();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    host.start();

    assertThat(host.port()).isEqualTo(port);
    assertThat(ssh.run(host, "hostname").out()).isEqualTo("db-01\n");
    assertThat(KeyUtils.compareKeys(ssh.keySeenAt(port), key)).isTrue();
  }

  @Test
  void replaceHostKey_presentsANewKeyOnTheSamePort() throws IOException {
    EmbeddedHost host = fleet.host("web-01");
    PublicKey before = host.hostKey();
    String pinned = Files.readString(fleet.knownHosts());

    host.replaceHostKey();
    ssh.run(host, "true");

    assertThat(KeyUtils.compareKeys(host.hostKey(), before)).isFalse();
    assertThat(KeyUtils.compareKeys(ssh.keySeenAt(host.port()), host.hostKey())).isTrue();
    assertThat(Files.readString(fleet.knownHosts())).isEqualTo(pinned);
  }

  @Test
  void commandsRun_recordsEveryExecInOrder() throws IOException {
    EmbeddedHost host = fleet.host("web-02");
    ssh.run(host, "echo first");
    ssh.run(host, "echo second");

    List<String> commands = host.commandsRun();
    assertThat(commands.subList(commands.size() - 2, commands.size())).containsExactly("echo first", "echo second");
  }

  @Test
  void sftp_startsInTheHostsRoot() throws IOException {
    EmbeddedHost host = fleet.host("db-01");
    try (ClientSession session = ssh.connect(host);
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
        OutputStream out = sftp.write("via-sftp.txt")) {
      out.write("sftp".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(host.root().resolve("via-sftp.txt")).hasContent("sftp");
  }

  private static int execQuietly(ClientSession session, OutputStream out) {
    try {
      return Ssh.exec(session, "echo $$; exec sleep 30", out, OutputStream.nullOutputStream());
    } catch (IOException e) {
      return -1;
    }
  }

  /** Completes with the first line written to it, read as a process id. */
  private static final class PidCatcher extends OutputStream {
    final CompletableFuture<Long> pid = new CompletableFuture<>();
    private final StringBuilder line = new StringBuilder();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        pid.complete(Long.parseLong(line.toString().trim()));
      } else {
        line.append((char) b);
      }
    }
  }
}
