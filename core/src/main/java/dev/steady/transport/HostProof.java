package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The second half of invariant 2, on the connection that will act: {@code hostname} must answer
 * exactly the inventory's name (or its {@code expect_hostname}; one trailing newline allowed, no
 * other trimming) — for a host named by FQDN, {@code hostname -f} answering exactly that name also
 * proves it — and {@code /etc/machine-id} must hold the expected id where one is known (the
 * inventory's {@code expect_machine_id}, else the one recorded with the pin). The key half ran
 * during key exchange. One command answers both: the name, a NUL byte (which no name contains),
 * then the machine-id.
 */
final class HostProof {

  static final String COMMAND = "hostname || exit 1; printf '\\000'; cat /etc/machine-id 2>/dev/null; exit 0";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private HostProof() {}

  /** Checks {@code connection}; only a {@link Identity.Verified} result lets anything run on it. */
  static Identity check(Connection connection) {
    Host host = connection.host();
    String fingerprint = connection.keyFingerprint();
    CommandResult result;
    try {
      result = connection.run(COMMAND, TIMEOUT, 4096);
    } catch (IOException e) {
      return new Identity.Unreachable(fingerprint, e.getMessage());
    }
    byte[] out = result.stdout().head();
    int nul = indexOf(out, (byte) 0);
    if (!result.succeeded() || nul < 0) {
      return new Identity.Unreachable(fingerprint, host.name() + ": `hostname` failed (exit " + result.exitStatus()
          + "); cannot prove which machine this is, so nothing runs there");
    }
    String answered = withoutOneNewline(new String(out, 0, nul, StandardCharsets.UTF_8));
    if (!answered.equals(host.expectedHostname())) {
      String fqdn = host.expectHostname() == null && host.namedByFqdn() ? fullyQualified(connection) : null;
      if (!host.name().equals(fqdn)) {
        return new Identity.HostnameMismatch(host, fingerprint, visible(answered), fqdn == null ? null : visible(fqdn));
      }
    }
    String machineId = withoutOneNewline(new String(Arrays.copyOfRange(out, nul + 1, out.length), StandardCharsets.UTF_8));
    machineId = machineId.isEmpty() ? null : machineId;
    for (String expected : new String[] {host.expectMachineId(), connection.pinnedMachineId()}) {
      if (expected != null && !expected.equals(machineId)) {
        return new Identity.MachineIdMismatch(host, fingerprint, expected, machineId == null ? null : visible(machineId));
      }
    }
    return new Identity.Verified(fingerprint, answered, machineId);
  }

  /**
   * What {@code hostname -f} answers (one trailing newline removed): an inventory that names hosts by
   * FQDN matches hosts whose {@code hostname} is their short name, when their FQDN is exactly the
   * inventory name. Null when it fails.
   */
  private static String fullyQualified(Connection connection) {
    try {
      CommandResult r = connection.run("hostname -f", TIMEOUT, 4096);
      return r.succeeded() ? withoutOneNewline(r.stdout().text()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String withoutOneNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  /** Control characters written as {@code \xNN}: an answer never breaks the one line that reports it. */
  static String visible(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
