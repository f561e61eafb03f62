package dev.steady.check;

import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.VerifiedConnection;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import dev.steady.testing.Gates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One real embedded SSH host and identity-verified connections to it, for check tests. */
final class CheckHost implements AutoCloseable {

  final EmbeddedFleet fleet;
  final EmbeddedHost host;
  final FleetTransport transport;

  private CheckHost(EmbeddedFleet fleet, FleetTransport transport) {
    this.fleet = fleet;
    this.host = fleet.hosts().get(0);
    this.transport = transport;
  }

  static CheckHost start(Path dir) throws IOException {
    EmbeddedFleet fleet = EmbeddedFleet.start(dir, List.of("app-01"));
    Path pins = dir.resolve("pins");
    Files.write(pins, List.of(fleet.hosts().get(0).knownHostsLine()));
    return new CheckHost(fleet, new FleetTransport(KnownHosts.load(pins), new TransportOptions(Duration.ofSeconds(5), null)));
  }

  /** A fresh connection whose identity (pinned key, hostname) was verified, as the run engine gives. */
  VerifiedConnection connect() {
    Host inventoryHost = new Host(host.name(), host.address(), host.port(), host.user(), fleet.clientKey().toString(),
        List.of("app"), Map.of(), "production", null, null, "test-inventory:" + host.name());
    return Gates.verified(transport, inventoryHost);
  }

  /** A directory in the host tree holding only links to {@code tools}: a PATH for testing probe fallbacks. */
  Path binWith(String name, String... tools) throws IOException {
    Path bin = Files.createDirectories(host.root().resolve(name));
    for (String tool : tools) {
      Path real = Path.of("/usr/bin", tool);
      Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
    }
    return bin;
  }

  @Override
  public void close() {
    transport.close();
    fleet.close();
  }
}
