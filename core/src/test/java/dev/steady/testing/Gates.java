package dev.steady.testing;

import dev.steady.audit.AuditLog;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.transport.ConnectFailed;
import dev.steady.transport.Connection;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Verified connections for tests of the steps that act, made the only way the product makes them:
 * through the real {@link IdentityGate} (pinned key, hostname, machine-id), recorded in one
 * throwaway SQLite store per test JVM.
 */
public final class Gates {

  private static AuditLog audit;

  private Gates() {}

  /** Opens {@code host} through the gate; fails the test when the host does not prove who it is. */
  public static VerifiedConnection verified(Transport transport, Host host) {
    Reached reached = new IdentityGate(transport).open(host, audit(), null);
    if (reached instanceof Reached.Verified v) {
      return v.connection();
    }
    throw new AssertionError("identity of " + host.name() + " not verified: " + reached.identity().message());
  }

  /**
   * A transport whose connections are wrapped by {@code wrap} (e.g. commands run as another user):
   * the gate's identity proof runs on the wrapped connection too.
   */
  public static Transport wrapping(Transport transport, UnaryOperator<Connection> wrap) {
    return new Transport() {
      @Override
      public Connection connect(Host host) throws ConnectFailed {
        return wrap.apply(transport.connect(host));
      }

      @Override
      public void prepare(List<Host> hosts) {
        transport.prepare(hosts);
      }

      @Override
      public PublicKey probeHostKey(Host host) throws ConnectFailed {
        return transport.probeHostKey(host);
      }

      @Override
      public void close() {
        // the wrapped transport belongs to the caller
      }
    };
  }

  private static synchronized AuditLog audit() {
    if (audit == null) {
      try {
        Path dir = Files.createTempDirectory("steady-gates");
        dir.toFile().deleteOnExit();
        Store store = Stores.open(dir.resolve("audit.db").toString());
        audit = new AuditLog(store, "test@gates");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return audit;
  }
}
