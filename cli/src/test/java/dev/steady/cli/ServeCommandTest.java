package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code steady serve} refuses what it must, in one line with exit status 2. */
@Timeout(60)
class ServeCommandTest {

  @TempDir Path dir;

  String[] args(String... more) throws Exception {
    Path inventory = Files.writeString(dir.resolve("inventory.yaml"), "hosts:\n  web-01: {address: 127.0.0.1}\n");
    Files.writeString(dir.resolve("known_hosts"), "");
    String[] base = {"serve", "--inventory", inventory.toString(), "--known-hosts", dir.resolve("known_hosts").toString(),
        "--store", dir.resolve("steady.db").toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void serve_refusesANonLoopbackAddressWithoutAllowRemote_sayingWhy() throws Exception {
    Cli.Result r = Cli.run(args("--bind", "0.0.0.0", "--port", "0"));

    assertThat(r.status()).as(r.toString()).isEqualTo(ExitStatus.BAD_INPUT);
    assertThat(r.err()).contains("refusing to listen on 0.0.0.0").contains("no TLS").contains("--allow-remote");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void serve_onAPortInUse_saysSoInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = Cli.run(args("--port", String.valueOf(taken.getLocalPort())));

      assertThat(r.status()).as(r.toString()).isEqualTo(ExitStatus.BAD_INPUT);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).contains("--port");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
  }
}
