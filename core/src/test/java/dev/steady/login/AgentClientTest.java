package dev.steady.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.fleet.SshAgentProcess;
import dev.steady.fleet.SshKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol client against OpenSSH's own ssh-agent: listing keys and signing, RSA with SHA-2. */
@Timeout(30)
class AgentClientTest {

  @TempDir static Path dir;
  static SshAgentProcess agent;
  static Path ed25519;
  static Path ecdsa;
  static Path rsa;

  @BeforeAll
  static void startAgent() throws IOException {
    assumeTrue(SshKeys.available(), "needs ssh-keygen, ssh-agent and ssh-add");
    ed25519 = SshKeys.generate(dir.resolve("id_ed25519"), "ed25519", "");
    ecdsa = SshKeys.generate(dir.resolve("id_ecdsa"), "ecdsa", "");
    rsa = SshKeys.generate(dir.resolve("id_rsa"), "rsa", "");
    agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(ed25519, ecdsa, rsa);
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void identities_listsEveryKeySshAddPutIn_inOrder_withTheirComments() throws Exception {
    try (AgentClient client = AgentClient.open(agent.socket())) {
      List<AgentClient.Held> held = client.identities();

      assertThat(held).extracting(h -> KeyUtils.getKeyType(h.key())).containsExactly("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa");
      assertThat(held).extracting(AgentClient.Held::comment).containsExactly("steady-test-ed25519", "steady-test-ecdsa", "steady-test-rsa");
      assertThat(PublicKeys.same(held.getFirst().key(), PublicKeys.read(Path.of(ed25519 + ".pub")))).isTrue();
    }
  }

  @Test
  void sign_anRsaKeyWithTheSha2Flags_answersRsaSha2Signatures_thatVerify() throws Exception {
    PublicKey key = PublicKeys.read(Path.of(rsa + ".pub"));
    byte[] data = "session data".getBytes(StandardCharsets.UTF_8);
    try (AgentClient client = AgentClient.open(agent.socket())) {
      for (String algorithm : List.of("rsa-sha2-512", "rsa-sha2-256")) {
        Buffer blob = new ByteArrayBuffer(client.sign(PublicKeys.blob(key), data, AgentClient.flagsFor(algorithm)));

        assertThat(blob.getString()).isEqualTo(algorithm);
        Signature verify = Signature.getInstance(algorithm.endsWith("512") ? "SHA512withRSA" : "SHA256withRSA");
        verify.initVerify(key);
        verify.update(data);
        assertThat(verify.verify(blob.getBytes())).as(algorithm).isTrue();
      }
    }
  }

  @Test
  void sign_anEd25519Key_answersASignatureThatVerifies() throws Exception {
    PublicKey key = PublicKeys.read(Path.of(ed25519 + ".pub"));
    byte[] data = "more session data".getBytes(StandardCharsets.UTF_8);
    try (AgentClient client = AgentClient.open(agent.socket())) {
      Buffer blob = new ByteArrayBuffer(client.sign(PublicKeys.blob(key), data, 0));

      assertThat(blob.getString()).isEqualTo("ssh-ed25519");
      Signature verify = Signature.getInstance("Ed25519");
      verify.initVerify(java.security.KeyFactory.getInstance("Ed25519").generatePublic(
          new java.security.spec.X509EncodedKeySpec(ed25519X509(key))));
      verify.update(data);
      assertThat(verify.verify(blob.getBytes())).isTrue();
    }
  }

  @Test
  void sign_aKeyTheAgentDoesNotHold_isRefused() throws Exception {
    Path other = SshKeys.generate(dir.resolve("id_other"), "ed25519", "");
    try (AgentClient client = AgentClient.open(agent.socket())) {
      assertThatThrownBy(() -> client.sign(PublicKeys.blob(PublicKeys.read(Path.of(other + ".pub"))), new byte[] {1}, 0))
          .isInstanceOf(IOException.class).hasMessage("the ssh-agent at " + agent.socket() + " refused to sign");
    }
  }

  /** The X.509 form of an ed25519 key: the fixed prefix, then its 32 bytes (the last 32 of its SSH blob). */
  private static byte[] ed25519X509(PublicKey key) {
    byte[] blob = PublicKeys.blob(key);
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    byte[] out = java.util.Arrays.copyOf(prefix, 44);
    System.arraycopy(blob, blob.length - 32, out, 12, 32);
    return out;
  }
}
