package dev.steady.cleanup;

import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.testing.Gates;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One real embedded SSH host (web-01) and a key-verified connection to it. */
final class TestHost implements AutoCloseable {

  final EmbeddedFleet fleet;
  final EmbeddedHost host;
  final FleetTransport transport;

  private TestHost(EmbeddedFleet fleet, FleetTransport transport) {
    this.fleet = fleet;
    this.host = fleet.hosts().get(0);
    this.transport = transport;
  }

  static TestHost start(Path dir) throws IOException {
    EmbeddedFleet fleet = EmbeddedFleet.start(dir, List.of("web-01"));
    Path pins = dir.resolve("known_hosts");
    Files.write(pins, fleet.hosts().stream().map(dev.steady.fleet.TestHost::knownHostsLine).toList());
    return new TestHost(fleet, new FleetTransport(KnownHosts.load(pins), new TransportOptions(Duration.ofSeconds(10), null)));
  }

  Host inventoryHost() {
    return new Host(host.name(), host.address(), host.port(), host.user(), fleet.clientKey().toString(), List.of("web"),
        Map.of(), "production", null, null, "test-inventory:" + host.name());
  }

  /** A connection verified by the identity gate, as every service gets one. */
  VerifiedConnection connect() {
    return Gates.verified(transport, inventoryHost());
  }

  /** A verified connection whose commands run as the unprivileged user nobody. */
  VerifiedConnection connectAsNobody() {
    return Gates.verified(Gates.wrapping(transport, Wrapped::asNobody), inventoryHost());
  }

  /** A verified connection whose commands run with {@code PATH} set to {@code path} only. */
  VerifiedConnection connectWithPath(String path) {
    return Gates.verified(Gates.wrapping(transport, c -> Wrapped.withPath(c, path)), inventoryHost());
  }

  @Override
  public void close() {
    transport.close();
    fleet.close();
  }
}
