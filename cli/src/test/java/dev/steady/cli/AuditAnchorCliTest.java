package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6 as a user meets it: commands that append leave a signed checkpoint in this machine's
 * anchor file ({@code $STEADY_ANCHOR}, set for the tests in the pom), and {@code audit verify}
 * finds a store rewritten with its head behind steady's back; {@code audit head} gives the line to
 * keep elsewhere. Exact messages and exit statuses.
 */
@Timeout(60)
class AuditAnchorCliTest {

  static final Path ANCHOR = Path.of(System.getenv("STEADY_ANCHOR"));
  static final Path KEY = Path.of(ANCHOR + ".key");

  @TempDir Path work;
  Path store;

  @BeforeEach
  void store() {
    store = work.resolve("steady.db");
  }

  Cli.Result steady(String... args) {
    List<String> all = new ArrayList<>(List.of("--store", store.toString(), "--no-color"));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  /** Three commands that append, as an admin would run them: three entries, three checkpoints. */
  void addThreeUsers() {
    for (String name : List.of("alice", "bob", "carol")) {
      Cli.Result r = Cli.runWithStdin("correct horse battery\n", "--store", store.toString(), "user", "add", name, "--role",
          "viewer", "--password-stdin");
      assertThat(r.status()).as(r.toString()).isZero();
    }
  }

  String storeId() throws Exception {
    return new ObjectMapper().readTree(steady("--json", "audit", "head").out()).get("store").asText();
  }

  /** The lines of this test's store in the shared anchor file: number and text. */
  List<String[]> anchorLines() throws Exception {
    String id = storeId();
    List<String> all = Files.readAllLines(ANCHOR);
    List<String[]> mine = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).contains("\"store\":\"" + id + "\"")) {
        mine.add(new String[] {Integer.toString(i + 1), all.get(i)});
      }
    }
    return mine;
  }

  static String at(String line) throws Exception {
    return new ObjectMapper().readTree(line).get("at").asText();
  }

  void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.executeUpdate(statement);
      }
    }
  }

  @Test
  void aCommandThatAppended_leavesOneCheckpoint_andVerifySaysHowFarItIsAnchored() throws Exception {
    addThreeUsers();
    List<String[]> lines = anchorLines();

    Cli.Result r = steady("audit", "verify");

    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)[1]).contains("\"seq\":3");
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("audit log intact: 3 entries, chain verified\n"
        + "anchored up to entry 3 by this machine's checkpoints of " + at(lines.get(2)[1]) + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(KEY))).isEqualTo("rw-------");
  }

  @Test
  void verify_withAnchor_findsAStoreTruncatedWithItsHeadUpdated() throws Exception {
    addThreeUsers();
    String[] newest = anchorLines().get(2);
    Path copy = work.resolve("anchors-kept-elsewhere");
    Files.writeString(copy, newest[1] + "\n");
    sql("DELETE FROM audit WHERE seq > 1", "UPDATE audit_head SET last_seq = 1, last_hash = (SELECT hash FROM audit WHERE seq = 1)");

    Cli.Result plain = steady("audit", "verify");
    Cli.Result named = steady("audit", "verify", "--anchor", copy.toString());
    Cli.Result json = steady("--json", "audit", "verify", "--anchor", copy.toString());

    assertThat(plain.status()).as(plain.toString()).isEqualTo(4);
    assertThat(plain.out()).isEqualTo("AUDIT LOG BROKEN at entry 2: entry 2: missing, but the checkpoint in " + ANCHOR + " line "
        + newest[0] + " of " + at(newest[1]) + " says the log reached entry 3 (entries removed and the head reset?)\n");
    assertThat(named.status()).isEqualTo(4);
    assertThat(named.out()).isEqualTo("AUDIT LOG BROKEN at entry 2: entry 2: missing, but the checkpoint in " + copy + " line 1 of "
        + at(newest[1]) + " says the log reached entry 3 (entries removed and the head reset?)\n");
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertThat(json.status()).isEqualTo(4);
    assertThat(report.get("ok").asBoolean()).isFalse();
    assertThat(report.get("entries").asLong()).isEqualTo(1);
    assertThat(report.get("first_bad").asLong()).isEqualTo(2);
    assertThat(report.get("anchored_seq").asLong()).isEqualTo(3);
    assertThat(report.get("anchor").get("file").asText()).isEqualTo(copy.toString());
    assertThat(report.get("anchor").get("checkpoints").asInt()).isEqualTo(1);
  }

  @Test
  void verify_withAnAnchorFileWithoutThisStore_failsThere_butTheDefaultOnlyRemarksIt() throws Exception {
    Path elsewhere = work.resolve("other-store");
    Cli.Result other = Cli.run("--store", elsewhere.toString(), "--json", "audit", "head");
    Path anchors = work.resolve("anchors");
    Files.writeString(anchors, other.out());
    String id = storeId();

    Cli.Result named = steady("audit", "verify", "--anchor", anchors.toString());
    Cli.Result plain = steady("audit", "verify");

    assertThat(named.status()).as(named.toString()).isEqualTo(4);
    assertThat(named.out()).isEqualTo("AUDIT LOG BROKEN: no checkpoint for store " + id + " in " + anchors + "\n");
    assertThat(plain.status()).as(plain.toString()).isZero();
    assertThat(plain.out()).isEqualTo("audit log intact: 0 entries, chain verified\n"
        + "not anchored: this machine has no checkpoint of store " + id + " in " + ANCHOR
        + "; a rewrite with the head updated would pass unnoticed\n");
  }

  @Test
  void verify_withAMalformedOrMissingAnchorFile_isBadInput_inOneLine() throws Exception {
    Path malformed = work.resolve("anchors");
    Files.writeString(malformed, "# kept from ticket OPS-12\n{\"seq\":2}\n");

    Cli.Result bad = steady("audit", "verify", "--anchor", malformed.toString());
    Cli.Result missing = steady("audit", "verify", "--anchor", work.resolve("nope").toString());

    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("steady: anchor file " + malformed + " line 2 is not a checkpoint (fields [seq] are not exactly"
        + " [at, hash, key, seq, sig, store]); fix or delete that line (each line is one `steady audit head --json` output)\n");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("steady: anchor file " + work.resolve("nope") + " does not exist; check --anchor\n");
  }

  @Test
  void auditHead_printsTheHead_andItsJsonLineIsACheckpointVerifyAccepts() throws Exception {
    addThreeUsers();

    Cli.Result human = steady("audit", "head");
    Cli.Result json = steady("--json", "audit", "head");
    Path kept = work.resolve("kept");
    Files.writeString(kept, json.out());
    Cli.Result verify = steady("audit", "verify", "--anchor", kept.toString());

    assertThat(human.status()).as(human.toString()).isZero();
    assertThat(human.out()).matches("store  [0-9a-f]{32}\nentry  3\nhash   [0-9a-f]{64}\nat     \\S+Z\n"
        + "key    MCowBQYDK2VwAyEA\\S+  \\(ed25519, " + java.util.regex.Pattern.quote(KEY.toString()) + "\\)\n"
        + "Keep it outside the store: .*\n");
    JsonNode line = new ObjectMapper().readTree(json.out());
    assertThat(json.out().lines()).hasSize(1);
    assertThat(line.get("seq").asLong()).isEqualTo(3);
    assertThat(line.get("key").asText()).isEqualTo(Files.readAllLines(KEY).get(1).substring("public ".length()));
    assertThat(verify.status()).as(verify.toString()).isZero();
    assertThat(verify.out()).endsWith("anchored up to entry 3 by the checkpoints in " + kept + " of " + line.get("at").asText() + "\n");
  }

  @Test
  void aDeletedHeadRow_failsVerifyAndHead_inOneLine_exit4() throws Exception {
    addThreeUsers();
    sql("DELETE FROM audit_head");

    Cli.Result verify = steady("audit", "verify");
    Cli.Result head = steady("audit", "head");

    assertThat(verify.status()).as(verify.toString()).isEqualTo(4);
    assertThat(verify.out()).isEqualTo("AUDIT LOG BROKEN: the audit head is missing: audit_head has no row (deleted outside steady?)\n");
    assertThat(head.status()).isEqualTo(4);
    assertThat(head.err()).isEqualTo("steady: the audit head is missing: audit_head has no row (deleted outside steady?);"
        + " see `steady audit verify`\n");
  }

  @Test
  void aKeyOpenToOthers_isBadInput_beforeTheCommandChangesAnything() throws Exception {
    addThreeUsers();
    Files.setPosixFilePermissions(KEY, PosixFilePermissions.fromString("rw-r--r--"));
    try {
      Cli.Result r = Cli.runWithStdin("correct horse battery\n", "--store", store.toString(), "user", "add", "dave", "--role",
          "viewer", "--password-stdin");

      assertThat(r.status()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("steady: anchor key " + KEY + " is open to others (mode rw-r--r--); run `chmod 600 " + KEY
          + "`, or delete it if someone may have copied it (steady makes a new one)\n");
      assertThat(steady("user", "list").out()).doesNotContain("dave");
    } finally {
      Files.setPosixFilePermissions(KEY, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void help_teachesWhatTheAnchorProves() {
    Cli.Result verify = Cli.run("audit", "verify", "--help");
    Cli.Result head = Cli.run("audit", "head", "--help");

    // help reflows to the terminal's width: compare the words, not where the lines break
    assertThat(verify.out().replaceAll("\\s+", " ")).contains("Proves: no entry up to the newest checkpoint was edited, removed or"
        + " re-hashed. Not: entries after it, nor a rewrite by one who also holds this machine's anchor file and key (keep `audit head`"
        + " elsewhere).");
    assertThat(head.out().replaceAll("\\s+", " ")).contains("Keep such lines away from the store and this machine").contains("--anchor FILE");
  }
}
