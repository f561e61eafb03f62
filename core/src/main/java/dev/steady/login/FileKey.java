package dev.steady.login;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

/**
 * An identity file ready to offer: its public key and, unless only the agent can sign with it (an
 * encrypted key the agent holds, a FIDO key), its private key; with the certificates of that key.
 */
record FileKey(KeyFile file, PublicKey publicKey, KeyPair pair, List<Certificate> certificates) {

  FileKey {
    certificates = List.copyOf(certificates);
  }

  FileKey withCertificate(Certificate certificate) {
    List<Certificate> more = new java.util.ArrayList<>(certificates);
    more.add(certificate);
    return new FileKey(file, publicKey, pair, more);
  }
}
