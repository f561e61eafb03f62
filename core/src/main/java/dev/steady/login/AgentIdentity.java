package dev.steady.login;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.AbstractMap;
import java.util.Map;
import org.apache.sshd.client.auth.pubkey.PublicKeyIdentity;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A key offered to the host whose signature the agent makes: a key it holds, or a certificate whose
 * key it holds (then it signs with that key, as the certificate's signature is the key's).
 */
final class AgentIdentity implements PublicKeyIdentity {

  private final AgentClient agent;
  private final PublicKey offered;
  private final byte[] signingBlob;
  private volatile byte[] lastBlob;

  AgentIdentity(AgentClient agent, PublicKey offered, byte[] signingBlob) {
    this.agent = agent;
    this.offered = offered;
    this.signingBlob = signingBlob.clone();
  }

  @Override
  public KeyPair getKeyIdentity() {
    return new KeyPair(offered, null);
  }

  /** Signs through the agent, asking RSA keys for the SHA-2 hash {@code algorithm} names. */
  @Override
  public Map.Entry<String, byte[]> sign(SessionContext session, String algorithm, byte[] data) throws Exception {
    byte[] blob = agent.sign(signingBlob, data, AgentClient.flagsFor(algorithm));
    lastBlob = blob;
    Buffer answer = new ByteArrayBuffer(blob);
    answer.getString();
    return new AbstractMap.SimpleImmutableEntry<>(algorithm, answer.getBytes());
  }

  /**
   * The agent's last signature as it sent it. A FIDO key's signature carries its flags and counter
   * after the signature itself, so it is sent to the host whole.
   */
  byte[] lastSignatureBlob() {
    return lastBlob;
  }
}
