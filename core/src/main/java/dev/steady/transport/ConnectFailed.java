package dev.steady.transport;

import dev.steady.identity.Identity;

/** A host could not be connected to, or was refused by its host key; carries the verdict. */
public final class ConnectFailed extends Exception {

  private final transient Identity identity;

  public ConnectFailed(Identity identity) {
    super(identity.message());
    this.identity = identity;
  }

  public Identity identity() {
    return identity;
  }
}
