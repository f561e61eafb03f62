package dev.steady.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pins as OpenSSH and steady write them: plain, [host]:port, hashed (ssh-keygen -H), @revoked; bound to names. */
@Timeout(30)
class KnownHostsTest {

  @TempDir Path dir;
  Path file;
  String keyA;
  String keyB;

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("known_hosts");
    keyA = newKey("a");
    keyB = newKey("b");
  }

  String newKey(String name) throws Exception {
    Path key = dir.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", key.toString()).start();
    assertThat(p.waitFor()).isZero();
    return Files.readString(dir.resolve(name + ".pub")).strip();
  }

  static PublicKey key(String line) throws Exception {
    return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
  }

  static Host host(String name, String address, int port) {
    return new Host(name, address, port, "ops", null, List.of(), Map.of(), "production", null, null, "test");
  }

  @Test
  void judge_keyPinnedUnderTheNameAndPort_isPinned() throws Exception {
    Files.writeString(file, "[web-01]:2222,[10.0.0.5]:2222 " + keyA + "\n");

    KeyVerdict verdict = KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 2222), key(keyA));

    assertThat(verdict).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(verdict.presented()).startsWith("SHA256:");
  }

  @Test
  void judge_aPinByAddressAlone_neverVouchesForAName_andSaysWhy() throws Exception {
    Files.writeString(file, "[10.0.0.5]:2222 " + keyA + "\n");

    KeyVerdict verdict = KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 2222), key(keyA));

    assertThat(verdict).isInstanceOfSatisfying(KeyVerdict.Unknown.class, u -> assertThat(u.note())
        .isEqualTo("this key is pinned only for [10.0.0.5]:2222 (" + file + " line 1), not for the name web-01 on port 2222: it may be"
            + " another machine (a clone, or an address that now reaches another host)"));
  }

  @Test
  void judge_anAddressRepointedAtAnotherPinnedHost_isNotVouchedForByThatHostsPin() throws Exception {
    // app-03's inventory entry now points at app-09's address: app-09's own pin must not vouch for the name app-03
    Files.writeString(file, "[app-03]:2203,[127.0.0.1]:2203 " + keyA + "\n[app-09]:2209,[127.0.0.1]:2209 " + keyB + "\n");
    KnownHosts pins = KnownHosts.load(file);

    KeyVerdict verdict = pins.judge(host("app-03", "127.0.0.1", 2209), key(keyB));

    assertThat(verdict).isInstanceOf(KeyVerdict.Unknown.class);
    assertThat(((KeyVerdict.Unknown) verdict).note()).contains("only for [app-09]:2209,[127.0.0.1]:2209 (" + file + " line 2)");
    assertThat(pins.judge(host("app-09", "127.0.0.1", 2209), key(keyB))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void judge_aPinUnderTheName_followsTheHostToANewAddress() throws Exception {
    Files.writeString(file, "web-01,10.0.0.5 " + keyA + "\n");

    assertThat(KnownHosts.load(file).judge(host("web-01", "10.0.0.77", 22), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void judge_pinForPort22_doesNotCoverAnotherPort() throws Exception {
    Files.writeString(file, "web-01,10.0.0.5 " + keyA + "\n");

    assertThat(KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 2222), key(keyA))).isInstanceOf(KeyVerdict.Unknown.class);
    assertThat(KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 22), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void judge_hostNamedByItsAddress_isPinnedByAnAddressLine() throws Exception {
    Files.writeString(file, "[10.0.0.5]:2222 " + keyA + "\n");

    assertThat(KnownHosts.load(file).judge(host("10.0.0.5", "10.0.0.5", 2222), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void judge_hashedEntriesWrittenByOpenSsh_matchByName() throws Exception {
    Files.writeString(file, "[web-01]:2222 " + keyA + "\nweb-02 " + keyB + "\n");
    Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", file.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readString(file)).startsWith("|1|").doesNotContain("web-0");

    KnownHosts pins = KnownHosts.load(file);

    assertThat(pins.judge(host("web-01", "10.0.0.5", 2222), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(pins.judge(host("web-02", "10.0.0.6", 22), key(keyB))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void judge_anotherKeyPinnedUnderTheName_isChangedAndNamesThePinnedFingerprint() throws Exception {
    Files.writeString(file, "[web-01]:2222,[10.0.0.5]:2222 " + keyA + "\n");

    KeyVerdict verdict = KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 2222), key(keyB));

    assertThat(verdict).isInstanceOf(KeyVerdict.Changed.class);
    assertThat(((KeyVerdict.Changed) verdict).pinned()).containsExactly(KnownHosts.fingerprint(key(keyA)));
  }

  @Test
  void judge_nothingPinned_isUnknown_evenWhenTheFileIsMissing() throws Exception {
    KeyVerdict verdict = KnownHosts.load(dir.resolve("absent")).judge(host("web-01", "10.0.0.5", 22), key(keyA));

    assertThat(verdict).isEqualTo(new KeyVerdict.Unknown(KnownHosts.fingerprint(key(keyA)), null));
  }

  @Test
  void judge_revokedKey_isRevokedEvenIfAlsoPinned_byAddressOrName() throws Exception {
    Files.writeString(file, "web-01,10.0.0.5 " + keyA + "\n@revoked 10.0.0.5 " + keyA + "\n");

    assertThat(KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 22), key(keyA))).isInstanceOf(KeyVerdict.Revoked.class);
  }

  @Test
  void judge_revokedWithWildcardPatterns_winsOverAnyPin_onEveryPort() throws Exception {
    Files.writeString(file, "web-01,10.0.0.5 " + keyA + "\n[web-02]:2222 " + keyA + "\n@revoked * " + keyA + "\n");
    KnownHosts starOnly = KnownHosts.load(file);
    Files.writeString(file, "[web-02]:2222 " + keyA + "\n@revoked [*]:* " + keyA + "\n");
    KnownHosts bracketed = KnownHosts.load(file);

    assertThat(starOnly.judge(host("web-01", "10.0.0.5", 22), key(keyA))).isInstanceOf(KeyVerdict.Revoked.class);
    assertThat(starOnly.judge(host("web-02", "10.0.0.6", 2222), key(keyA))).isInstanceOf(KeyVerdict.Revoked.class);
    assertThat(bracketed.judge(host("web-02", "10.0.0.6", 2222), key(keyA))).isInstanceOf(KeyVerdict.Revoked.class);
    assertThat(starOnly.judge(host("web-01", "10.0.0.5", 22), key(keyB))).as("another key is not revoked")
        .isInstanceOf(KeyVerdict.Changed.class);
  }

  @Test
  void judge_negatedPatterns_excludeAHost() throws Exception {
    Files.writeString(file, "web-*,!web-02 " + keyA + "\n");
    KnownHosts pins = KnownHosts.load(file);

    assertThat(pins.judge(host("web-01", "10.0.0.5", 22), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(pins.judge(host("web-02", "10.0.0.6", 22), key(keyA))).isInstanceOf(KeyVerdict.Unknown.class);
  }

  @Test
  void pin_intoAHashedFile_writesHashedLines_oneNameEach_thatOpenSshFinds() throws Exception {
    Files.writeString(file, "web-09 " + keyB + "\n");
    new ProcessBuilder("ssh-keygen", "-H", "-f", file.toString()).redirectErrorStream(true).start().waitFor();

    KnownHosts pins = KnownHosts.load(file).pin(host("web-01", "10.0.0.5", 2222), key(keyA), "ab".repeat(16));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3).allMatch(l -> l.startsWith("|1|"));
    assertThat(String.join("\n", lines)).doesNotContain("web-01").doesNotContain("10.0.0.5");
    assertThat(pins.judge(host("web-01", "10.0.0.5", 2222), key(keyA)))
        .isEqualTo(new KeyVerdict.Pinned(KnownHosts.fingerprint(key(keyA)), "ab".repeat(16)));
    for (String name : List.of("[10.0.0.5]:2222", "[web-01]:2222")) {
      Process p = new ProcessBuilder("ssh-keygen", "-F", name, "-f", file.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      assertThat(p.waitFor()).as(name).isZero();
    }
  }

  @Test
  void judge_underAHostKeyAlias_looksTheAliasUpWithoutPort() throws Exception {
    Files.writeString(file, "web-01.pins " + keyA + "\n");
    Host aliased = host("web-01", "10.0.0.5", 2222).withSsh(new dev.steady.inventory.SshOptions(List.of(), List.of(), false, null,
        null, "web-01.pins", List.of(), List.of(), List.of(), null, List.of()));

    assertThat(KnownHosts.load(file).judge(aliased, key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(KnownHosts.patterns(aliased)).isEqualTo("web-01.pins");
  }

  @Test
  void judge_returnsTheMachineIdRecordedWithThePin() throws Exception {
    Files.writeString(file, "web-01,10.0.0.5 " + keyA + " steady-machine-id=0123456789abcdef0123456789abcdef\n");

    assertThat(KnownHosts.load(file).judge(host("web-01", "10.0.0.5", 22), key(keyA)))
        .isEqualTo(new KeyVerdict.Pinned(KnownHosts.fingerprint(key(keyA)), "0123456789abcdef0123456789abcdef"));
  }

  @Test
  void pin_bindsTheKeyToTheNameAndAddress_inAnOwnerOnlyFile_thatOpenSshReadsToo() throws Exception {
    KnownHosts pins = KnownHosts.load(file).pin(host("web-01", "127.0.0.1", 2201), key(keyA), "0123456789abcdef0123456789abcdef");

    assertThat(Files.readString(file)).startsWith("[web-01]:2201,[127.0.0.1]:2201 ssh-ed25519 ")
        .endsWith(" steady-machine-id=0123456789abcdef0123456789abcdef\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(pins.judge(host("web-01", "127.0.0.1", 2201), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    for (String name : List.of("[127.0.0.1]:2201", "[web-01]:2201")) {
      Process p = new ProcessBuilder("ssh-keygen", "-F", name, "-f", file.toString()).redirectErrorStream(true).start();
      String found = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as("ssh-keygen -F " + name + ": " + found).isZero();
    }
  }

  @Test
  void pin_onPort22_writesNameCommaAddress() throws Exception {
    KnownHosts.load(file).pin(host("web-01", "10.0.0.5", 22), key(keyA));

    assertThat(Files.readString(file)).startsWith("web-01,10.0.0.5 ssh-ed25519 ");
  }

  @Test
  void pin_keepsExistingLinesAndAddsANewlineIfTheFileLacksOne() throws Exception {
    Files.writeString(file, "# my hosts\n10.9.9.9 " + keyB);

    KnownHosts.load(file).pin(host("web-01", "127.0.0.1", 2201), key(keyA));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).isEqualTo("10.9.9.9 " + keyB);
    assertThat(lines.get(2)).startsWith("[web-01]:2201,[127.0.0.1]:2201 ");
  }

  @Test
  void recordMachineId_setsTheCommentOfThatHostsPinOnly_keepingEveryOtherLine() throws Exception {
    Files.writeString(file, "# mine\nweb-01,10.0.0.5 " + keyA + " ops-laptop\nweb-02,10.0.0.6 " + keyA + "\n");

    KnownHosts pins = KnownHosts.load(file).recordMachineId(host("web-01", "10.0.0.5", 22), key(keyA), "aa".repeat(16));

    assertThat(Files.readAllLines(file)).containsExactly("# mine", "web-01,10.0.0.5 " + keyA + " steady-machine-id=" + "aa".repeat(16)
        + " ops-laptop", "web-02,10.0.0.6 " + keyA);
    assertThat(pins.judge(host("web-01", "10.0.0.5", 22), key(keyA))).isEqualTo(new KeyVerdict.Pinned(KnownHosts.fingerprint(key(keyA)),
        "aa".repeat(16)));
  }

  @Test
  void replace_dropsTheOldPinOfThatNameOnly_evenAtTheSameAddress() throws Exception {
    Files.writeString(file, "[web-01]:2201,[127.0.0.1]:2201 " + keyA + "\n[web-02]:2201,[127.0.0.1]:2201 " + keyA + "\n");
    Host web01 = host("web-01", "127.0.0.1", 2201);

    KnownHosts pins = KnownHosts.load(file).replace(web01, key(keyB), null);

    assertThat(pins.judge(web01, key(keyA))).isInstanceOf(KeyVerdict.Changed.class);
    assertThat(pins.judge(web01, key(keyB))).isInstanceOf(KeyVerdict.Pinned.class);
    assertThat(pins.judge(host("web-02", "127.0.0.1", 2201), key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void load_aLineThatIsNotAnEntry_isBadInputNamingTheLine() throws Exception {
    Files.writeString(file, "web-01 " + keyA + "\n@revoked\n");

    assertThatThrownBy(() -> KnownHosts.load(file))
        .isInstanceOf(SteadyException.class)
        .hasMessageStartingWith("known hosts file " + file + " line 2 is not a known_hosts entry");
  }

  /** Pins following {@link #file}, which pins {@code keyA} for {@code host}; checked to accept it before the edit under test. */
  Pins followedPinningKeyA(Host host) throws Exception {
    Files.writeString(file, KnownHosts.patterns(host) + " " + keyA + "\n");
    Pins followed = KnownHosts.followed(file);
    assertThat(followed.judge(host, key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
    return followed;
  }

  @Test
  void followed_aPinReplacedAfterARebuild_countsAtTheNextJudgement() throws Exception {
    Host web01 = host("web-01", "127.0.0.1", 2201);
    Pins followed = followedPinningKeyA(web01);

    KnownHosts.load(file).replace(web01, key(keyB), null);

    assertThat(followed.judge(web01, key(keyA))).isInstanceOf(KeyVerdict.Changed.class);
    assertThat(followed.judge(web01, key(keyB))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void followed_anEditOfTheSameSizeWithinTheSameFileTimeTick_isStillSeen() throws Exception {
    Host web01 = host("web-01", "127.0.0.1", 2201);
    Pins followed = followedPinningKeyA(web01);
    FileTime tick = Files.getLastModifiedTime(file);

    Files.writeString(file, "[web-01]:2201,[127.0.0.1]:2201 " + keyB + "\n"); // ed25519 lines: same length
    Files.setLastModifiedTime(file, tick); // a coarse clock gives both writes one time

    assertThat(followed.judge(web01, key(keyA))).isInstanceOf(KeyVerdict.Changed.class);
  }

  @Test
  void followed_aRevocationAppended_countsAtTheNextJudgement() throws Exception {
    Host web01 = host("web-01", "10.0.0.5", 22);
    Pins followed = followedPinningKeyA(web01);

    Files.writeString(file, "@revoked 10.0.0.5 " + keyA + "\n", StandardOpenOption.APPEND);

    assertThat(followed.judge(web01, key(keyA))).isInstanceOf(KeyVerdict.Revoked.class);
  }

  @Test
  void followed_aBrokenEdit_trustsNoKeyUntilTheFileIsFixed() throws Exception {
    Host web01 = host("web-01", "10.0.0.5", 22);
    Pins followed = followedPinningKeyA(web01);

    Files.delete(file);
    Files.createDirectory(file); // unreadable as a file: the edit might have been a revocation

    assertThatThrownBy(() -> followed.judge(web01, key(keyA)))
        .isInstanceOf(SteadyException.class)
        .hasMessageContaining("known hosts file " + file);

    Files.delete(file);
    Files.writeString(file, "web-01,10.0.0.5 " + keyA + "\n");
    assertThat(followed.judge(web01, key(keyA))).isInstanceOf(KeyVerdict.Pinned.class);
  }

  @Test
  void load_unreadableFile_isBadInputNamingTheFile() throws Exception {
    Files.createDirectory(file);

    assertThatThrownBy(() -> KnownHosts.load(file))
        .isInstanceOf(SteadyException.class)
        .hasMessageContaining("known hosts file " + file)
        .hasMessageContaining("--known-hosts");
  }
}
