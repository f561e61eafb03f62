package dev.steady.login;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * A user certificate offered with its key (a CA's signature over the key, principals and validity,
 * as Teleport, Vault or smallstep issue them): {@code KEY-cert.pub} beside a key, or a {@code
 * CertificateFile} of the ssh config.
 */
record Certificate(Path path, String setAt, OpenSshCertificate cert) {

  /**
   * The certificate in {@code path}, or null when there is none to offer: a missing file, not a
   * certificate, a host certificate, or one not valid now. Each of those is told to {@code problem}
   * (one line naming the file), except a missing {@code KEY-cert.pub}, which ssh looks for silently.
   */
  static Certificate read(Path path, String setAt, boolean mustExist, Consumer<String> problem) {
    String named = "certificate " + path + " (" + setAt + ")";
    if (!Files.exists(path)) {
      if (mustExist) {
        problem.accept(named + " does not exist; skipping it as ssh does");
      }
      return null;
    }
    PublicKey key;
    try {
      key = PublicKeys.read(path);
    } catch (IOException e) {
      problem.accept(named + " cannot be read (" + KeyReader.oneLine(e) + "); not offered");
      return null;
    }
    if (!(key instanceof OpenSshCertificate cert)) {
      problem.accept(named + " is not an OpenSSH certificate; not offered");
      return null;
    }
    if (cert.getType() != OpenSshCertificate.Type.USER) {
      problem.accept(named + " is a host certificate, not a user certificate; not offered");
      return null;
    }
    Instant now = Instant.now();
    if (!OpenSshCertificate.isValidAt(cert, now)) {
      problem.accept(named + (after(cert.getValidBefore()).isBefore(now) ? " expired at " + after(cert.getValidBefore())
          : " is valid only from " + after(cert.getValidAfter())) + "; steady does not offer it: get a new one from your"
          + " certificate authority");
      return null;
    }
    return new Certificate(path, setAt, cert);
  }

  /** The key it certifies. */
  PublicKey certifiedKey() {
    return cert.getCertPubKey();
  }

  /** A certificate's time: seconds since the epoch, unsigned (all ones is "forever"). */
  private static Instant after(long seconds) {
    return seconds < 0 ? Instant.MAX : Instant.ofEpochSecond(seconds);
  }
}
