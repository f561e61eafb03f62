package dev.steady.login;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Collections;
import java.util.Iterator;
import org.apache.sshd.client.auth.AbstractUserAuthFactory;
import org.apache.sshd.client.auth.UserAuth;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.pubkey.PublicKeyIdentity;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.signature.SignatureFactoriesManager;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * MINA's public key authentication offering what a host's {@link Login} holds, in ssh's order (see
 * {@link Offers}); a signature made by the agent reaches the host exactly as the agent made it.
 */
final class PublicKeyLogin extends UserAuthPublicKey {

  static final UserAuthFactory FACTORY = new AbstractUserAuthFactory(NAME) {
    @Override
    public UserAuth createUserAuth(ClientSession session) {
      return new PublicKeyLogin();
    }
  };

  @Override
  protected Iterator<PublicKeyIdentity> createPublicKeyIterator(ClientSession session, SignatureFactoriesManager manager) {
    Login login = session.getAttribute(Login.ATTRIBUTE);
    return login == null ? Collections.emptyIterator() : Offers.open(login, session, manager);
  }

  /** A key type with no signature of our own (a FIDO certificate) is still offered when the agent signs. */
  @Override
  protected String getDefaultSignatureAlgorithm(ClientSession session, String service, PublicKeyIdentity identity, KeyPair keyPair,
      String keyType) {
    return identity instanceof AgentIdentity ? keyType : null;
  }

  @Override
  protected byte[] appendSignature(ClientSession session, String service, String name, String username, String algo, PublicKey key,
      PublicKey serverKey, Buffer buffer) throws Exception {
    int mark = buffer.wpos();
    byte[] signature = super.appendSignature(session, service, name, username, algo, key, serverKey, buffer);
    if (current instanceof AgentIdentity agent) {
      buffer.wpos(mark);
      buffer.putBytes(agent.lastSignatureBlob());
    }
    return signature;
  }
}
