package dev.steady.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.inventory.Host;
import dev.steady.inventory.SshOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The known_hosts files ssh reads for a host, judged as one, as the ssh config and --known-hosts name them. */
@Timeout(30)
class PinFilesTest {

  @TempDir Path dir;
  Path home;
  String keyA;

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(dir.resolve("home/.ssh")).getParent();
    Path key = dir.resolve("a");
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", key.toString()).start();
    assertThat(p.waitFor()).isZero();
    keyA = Files.readString(dir.resolve("a.pub")).strip();
  }

  static PublicKey key(String line) throws Exception {
    return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
  }

  Host host(String name, List<String> user, List<String> global) {
    return new Host(name, "10.0.0.5", 22, "ops", null, List.of(), Map.of(), "production", null, null, "test")
        .withSsh(new SshOptions(List.of(), List.of(), false, null, null, null, user, global, List.of(), null, List.of()));
  }

  @Test
  void pinsAreReadFromTheDefaultUserFiles_bothOfThem() throws Exception {
    Files.writeString(home.resolve(".ssh/known_hosts2"), "web-01 " + keyA + "\n");

    assertThat(PinFiles.of(null, home).judge(host("web-01", List.of(), List.of()), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(PinFiles.of(null, home).fileFor(host("web-01", List.of(), List.of()))).isEqualTo(home.resolve(".ssh/known_hosts"));
  }

  @Test
  void theSshConfigsUserKnownHostsFile_holdsTheHostsPins_andTakesNewOnes() throws Exception {
    Path team = Files.writeString(dir.resolve("team_known_hosts"), "web-01 " + keyA + "\n");
    Host web = host("web-01", List.of(team.toString()), List.of());

    assertThat(PinFiles.of(null, home).judge(web, key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(PinFiles.of(null, home).fileFor(web)).isEqualTo(team);
  }

  @Test
  void aRevocationInTheGlobalFile_winsOverAPinInTheUserFile() throws Exception {
    Files.writeString(home.resolve(".ssh/known_hosts"), "web-01 " + keyA + "\n");
    Path global = Files.writeString(dir.resolve("ssh_known_hosts"), "@revoked * " + keyA + "\n");

    KeyVerdict verdict = PinFiles.of(null, home).judge(host("web-01", List.of(), List.of(global.toString())), key(keyA));

    assertThat(verdict).isInstanceOf(KeyVerdict.Revoked.class);
  }

  @Test
  void aFileNamedByKnownHosts_replacesTheUserFiles_butGlobalRevocationsStillCount() throws Exception {
    Path named = Files.writeString(dir.resolve("named"), "web-01 " + keyA + "\n");
    Files.writeString(home.resolve(".ssh/known_hosts"), "@revoked * " + keyA + "\n");
    Path global = Files.writeString(dir.resolve("global"), "");

    Host web = host("web-01", List.of(dir.resolve("ignored").toString()), List.of(global.toString()));

    assertThat(PinFiles.of(named, home).judge(web, key(keyA))).as("~/.ssh/known_hosts is not read").isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(PinFiles.of(named, home).fileFor(web)).isEqualTo(named);
    Files.writeString(global, "@revoked * " + keyA + "\n");
    assertThat(PinFiles.of(named, home).judge(web, key(keyA))).isInstanceOf(KeyVerdict.Revoked.class);
  }
}
