package dev.steady.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetMainTest {

  @TempDir Path dir;

  @Test
  void embedded_writesTheFilesSaysReadyAndStopsAtEndOfStdin() throws Exception {
    Process main = launch("--kind", "embedded", "--count", "3", "--prefix", "node-", "--dir", dir.toString());
    try {
      assertThat(firstLine(main)).isEqualTo("READY 3");

      List<String> known = Files.readAllLines(dir.resolve("known_hosts"));
      assertThat(known).hasSize(3);
      int port = Integer.parseInt(known.get(0).replaceAll("^\\[node-001]:(\\d+),\\[127\\.0\\.0\\.1]:\\d+ .*", "$1"));
      Path key = dir.resolve("client/id_ed25519");
      assertThat(Files.readAllLines(dir.resolve("inventory.yaml")))
          .contains("defaults: {user: steady, identity_file: " + key + ", env: staging}")
          .contains("  node-001: {address: 127.0.0.1, port: " + port + ", groups: [fleet]}");
      assertThat(Files.readAllLines(dir.resolve("pssh-hosts")).get(0)).isEqualTo("steady@127.0.0.1:" + port);
      assertThat(Files.readAllLines(dir.resolve("ansible-hosts.ini")).get(1)).isEqualTo("node-001 ansible_host=127.0.0.1"
          + " ansible_port=" + port + " ansible_user=steady ansible_ssh_private_key_file=" + key);

      main.getOutputStream().close();
      assertThat(main.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(main.exitValue()).isZero();
    } finally {
      main.destroyForcibly();
    }
  }

  @Test
  void sigterm_stopsTheFleet() throws Exception {
    Process main = launch("--kind", "embedded", "--count", "2", "--prefix", "n-", "--dir", dir.toString());
    try {
      assertThat(firstLine(main)).isEqualTo("READY 2");
      main.destroy();
      assertThat(main.waitFor(15, TimeUnit.SECONDS)).isTrue();
    } finally {
      main.destroyForcibly();
    }
  }

  @Test
  void badArguments_exitWithUsage() throws Exception {
    Process main = launch("--kind", "vm", "--count", "2", "--prefix", "n-", "--dir", dir.toString());
    assertThat(main.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(main.exitValue()).isEqualTo(2);
    assertThat(new String(main.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("--kind must be embedded or openssh").contains("usage:");
  }

  private static Process launch(String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        FleetMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }
}
