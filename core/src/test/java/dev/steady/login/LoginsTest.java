package dev.steady.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steady.failure.SteadyException;
import dev.steady.fleet.SshAgentProcess;
import dev.steady.fleet.SshKeys;
import dev.steady.inventory.Host;
import dev.steady.inventory.SshOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which keys a login offers and what it says when it cannot, as ssh would: identity files in order,
 * missing ones skipped with a note, encrypted ones decrypted once, certificates beside their keys.
 * No host is contacted here; OpenSshLoginTest logs in with all of it.
 */
@Timeout(30)
class LoginsTest {

  @TempDir Path dir;
  String home;
  final List<String> notes = new ArrayList<>();

  @BeforeEach
  void emptyHome() throws Exception {
    assumeTrue(SshKeys.available(), "needs ssh-keygen, ssh-agent and ssh-add");
    home = System.getProperty("user.home");
    System.setProperty("user.home", Files.createDirectories(dir.resolve("home")).toString());
  }

  @AfterEach
  void restoreHome() {
    if (home != null) {
      System.setProperty("user.home", home);
    }
  }

  Host host(String name, String identityFile, List<String> sshIdentityFiles, List<String> certificateFiles) {
    Map<String, String> lines = new java.util.LinkedHashMap<>();
    for (int i = 0; i < sshIdentityFiles.size(); i++) {
      lines.put(sshIdentityFiles.get(i), "config:" + (3 + i));
    }
    for (int i = 0; i < certificateFiles.size(); i++) {
      lines.put(certificateFiles.get(i), "config:" + (10 + i));
    }
    return new Host(name, "127.0.0.1", 22, "ops", identityFile, List.of(), Map.of(), "staging", null, null, "inventory.yaml:4")
        .withSsh(new SshOptions(sshIdentityFiles, certificateFiles, false, null, null, null, List.of(), List.of(), List.of(), null,
            List.of(), lines));
  }

  Logins logins(String passphrase, KeyPassphrases prompt, Path agent) {
    return new Logins(passphrase, prompt, agent == null ? null : agent.toString(), notes::add);
  }

  @Test
  void identityFiles_inventoryFirst_thenEveryIdentityFileOfTheSshConfigInOrder_eachOnce() {
    Host h = host("web-01", "/keys/inventory", List.of("/keys/one", "/keys/inventory", "/keys/two"), List.of());

    assertThat(IdentityFiles.of(h)).extracting(f -> f.path().toString(), KeyFile::setAt).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/keys/inventory", "IdentityFile, ssh config config:4"),
        org.assertj.core.groups.Tuple.tuple("/keys/one", "IdentityFile, ssh config config:3"),
        org.assertj.core.groups.Tuple.tuple("/keys/two", "IdentityFile, ssh config config:5"));
  }

  @Test
  void identityFiles_whenNoneIsNamed_areSshsDefaults_inSshsOrder() {
    assertThat(IdentityFiles.of(host("web-01", null, List.of(), List.of()))).extracting(f -> f.path().getFileName().toString())
        .containsExactly("id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk");
  }

  @Test
  void forHost_skipsAMissingIdentityFile_withOneNoteNamingWhereItWasSet_andUsesTheNext() throws Exception {
    Path key = SshKeys.generate(dir.resolve("second"), "ed25519", "");
    Logins logins = logins(null, null, null);

    Login login = logins.forHost(host("web-01", null, List.of(dir + "/first", key.toString()), List.of()));
    logins.forHost(host("web-02", null, List.of(dir + "/first", key.toString()), List.of()));

    assertThat(login.keys()).extracting(k -> k.file().path()).containsExactly(key);
    assertThat(notes).containsExactly("identity file " + dir + "/first (IdentityFile, ssh config config:3) does not exist; skipping it as ssh does");
  }

  @Test
  void forHost_whenEveryNamedIdentityFileIsMissing_isBadInputNamingThemAll() {
    Logins logins = logins(null, null, null);

    assertThatThrownBy(() -> logins.forHost(host("web-01", dir + "/inv", List.of(dir + "/a"), List.of())))
        .isInstanceOf(SteadyException.class)
        .hasMessage("none of the identity files of host web-01 (inventory.yaml:4) exists: " + dir + "/inv (identity_file in"
            + " inventory.yaml), " + dir + "/a (IdentityFile, ssh config config:3); fix the paths");
    assertThatThrownBy(() -> logins.forHost(host("web-01", dir + "/inv", List.of(), List.of())))
        .hasMessage("identity file " + dir + "/inv of host web-01 (identity_file, inventory.yaml:4) does not exist; fix the path");
  }

  @Test
  void forHost_withNoKeyNamed_noDefaultKey_andNoAgent_isBadInputSayingHowToGetOne() {
    assertThatThrownBy(() -> logins(null, null, null).forHost(host("web-01", null, List.of(), List.of())))
        .hasMessage("no key to log in to web-01 (inventory.yaml:4): no identity_file or IdentityFile is set, none of"
            + " ~/.ssh/id_rsa, id_ecdsa, id_ecdsa_sk, id_ed25519, id_ed25519_sk exists, and there is no ssh-agent (SSH_AUTH_SOCK"
            + " is not set); set identity_file in the inventory, or load a key with ssh-add");
  }

  @Test
  void forHost_encryptedKey_isDecryptedWithSteadyKeyPassphrase() throws Exception {
    Path key = SshKeys.generate(dir.resolve("enc"), "ed25519", "right horse");

    Login login = logins("right horse", path -> {
      throw new AssertionError("asked although STEADY_KEY_PASSPHRASE is set");
    }, null).forHost(host("web-01", key.toString(), List.of(), List.of()));

    assertThat(login.keys().getFirst().pair()).isNotNull();
  }

  @Test
  void forHost_encryptedKey_wrongSteadyKeyPassphrase_isBadInputNamingTheFile() throws Exception {
    Path key = SshKeys.generate(dir.resolve("enc"), "ed25519", "right horse");

    assertThatThrownBy(() -> logins("wrong horse", null, null).forHost(host("web-01", key.toString(), List.of(), List.of())))
        .isInstanceOf(SteadyException.class)
        .hasMessage("the passphrase in STEADY_KEY_PASSPHRASE does not decrypt key " + key + " (identity_file of web-01,"
            + " inventory.yaml:4); nothing was run; set the right one, or unset it to be asked on the terminal");
  }

  @Test
  void forHost_encryptedKey_withNoTerminalAndNoPassphrase_saysHowToGiveIt() throws Exception {
    Path key = SshKeys.generate(dir.resolve("enc"), "ecdsa", "right horse");

    assertThatThrownBy(() -> logins(null, KeyPassphrases.NONE, null).forHost(host("web-01", key.toString(), List.of(), List.of())))
        .hasMessage("key " + key + " (identity_file of web-01, inventory.yaml:4) is encrypted and there is no terminal to ask its"
            + " passphrase on; set STEADY_KEY_PASSPHRASE, or load the key into ssh-agent with `ssh-add " + key + "`");
  }

  @Test
  void forHost_encryptedKey_asksOncePerKeyPerProcess_andAWrongAnswerIsBadInput() throws Exception {
    Path key = SshKeys.generate(dir.resolve("enc"), "rsa", "right horse");
    AtomicInteger asked = new AtomicInteger();
    Logins logins = logins(null, path -> {
      asked.incrementAndGet();
      assertThat(path).isEqualTo(key);
      return "right horse".toCharArray();
    }, null);

    logins.forHost(host("web-01", key.toString(), List.of(), List.of()));
    logins.forHost(host("web-02", key.toString(), List.of(), List.of()));

    assertThat(asked).hasValue(1);
    assertThatThrownBy(() -> logins(null, path -> "wrong horse".toCharArray(), null)
        .forHost(host("web-01", key.toString(), List.of(), List.of())))
        .hasMessage("wrong passphrase for key " + key + " (identity_file of web-01, inventory.yaml:4); nothing was run; try again,"
            + " or load the key into ssh-agent with `ssh-add " + key + "`");
  }

  @Test
  void forHost_encryptedKeyTheAgentHolds_isNotDecrypted_nothingIsAsked() throws Exception {
    Path key = SshKeys.generate(dir.resolve("enc"), "ed25519", "");
    try (SshAgentProcess agent = SshAgentProcess.start(dir.resolve("agent.sock")).add(key)) {
      SshKeys.encrypt(key, "right horse");

      Login login = logins(null, path -> {
        throw new AssertionError("asked although the agent holds the key");
      }, agent.socket()).forHost(host("web-01", key.toString(), List.of(), List.of()));

      assertThat(login.keys()).singleElement().satisfies(k -> {
        assertThat(k.pair()).as("the agent signs").isNull();
        assertThat(k.publicKey()).isNotNull();
      });
    }
  }

  @Test
  void forHost_certificateBesideTheKey_andCertificateFile_areOfferedWithTheirKey_anExpiredOneIsNot() throws Exception {
    Path ca = SshKeys.generate(dir.resolve("ca"), "ed25519", "");
    Path key = SshKeys.generate(dir.resolve("key"), "ed25519", "");
    Path beside = SshKeys.certify(ca, key, "ops", "-5m:+1h");
    Path other = SshKeys.generate(dir.resolve("other"), "ed25519", "");
    Path expired = Files.move(SshKeys.certify(ca, other, "ops", "20200101:20200102"), dir.resolve("expired-cert.pub"));

    Login login = logins(null, null, null).forHost(host("web-01", key.toString(), List.of(other.toString()),
        List.of(expired.toString())));

    assertThat(login.keys().getFirst().certificates()).extracting(Certificate::path).containsExactly(beside);
    assertThat(login.keys().get(1).certificates()).isEmpty();
    assertThat(notes).singleElement().asString().startsWith("certificate " + expired + " (CertificateFile, ssh config config:10)"
        + " expired at 2020-01-0").endsWith("; steady does not offer it: get a new one from your certificate authority");
    assertThat(login.explain()).contains("expired at 2020-01-0");
  }
}
