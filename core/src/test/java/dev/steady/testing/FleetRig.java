package dev.steady.testing;

import dev.steady.audit.AuditLog;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one flow test over an embedded fleet works with: the fleet's host keys pinned in a fresh
 * known_hosts, a transport, a fresh SQLite store and an audit log, all under the test's own
 * directory; and the fleet's hosts as inventory hosts (group app, production), in fleet order.
 */
public final class FleetRig implements AutoCloseable {

  /** The start command the run tests use: one line per start in the host's start.count. */
  public static final String START = "echo started >> start.count && touch running";

  public final EmbeddedFleet fleet;
  public final Store store;
  public final AuditLog audit;
  public final FleetTransport transport;

  private FleetRig(EmbeddedFleet fleet, Store store, AuditLog audit, FleetTransport transport) {
    this.fleet = fleet;
    this.store = store;
    this.audit = audit;
    this.transport = transport;
  }

  /** A rig in {@code work} whose audit entries are written as {@code actor}. */
  public static FleetRig open(EmbeddedFleet fleet, Path work, String actor) throws IOException {
    return open(fleet, work, actor, null);
  }

  /** The same with the store's lease TTL set (null: the default). */
  public static FleetRig open(EmbeddedFleet fleet, Path work, String actor, Duration leaseTtl) throws IOException {
    Path knownHosts = work.resolve("known_hosts");
    Files.write(knownHosts, fleet.hosts().stream().map(EmbeddedHost::knownHostsLine).toList());
    FleetTransport transport = new FleetTransport(KnownHosts.load(knownHosts), new TransportOptions(Duration.ofSeconds(5), null));
    String url = work.resolve("steady.db").toString();
    Store store = leaseTtl == null ? Stores.open(url) : Stores.open(url, leaseTtl);
    return new FleetRig(fleet, store, new AuditLog(store, actor), transport);
  }

  /** The fleet as inventory hosts without variables. */
  public List<Host> hosts() {
    return hosts(Map.of(), "test");
  }

  /** The fleet as inventory hosts with {@code vars}, said to come from {@code source}. */
  public List<Host> hosts(Map<String, String> vars, String source) {
    return fleet.hosts().stream().map(t -> new Host(t.name(), t.address(), t.port(), t.user(), fleet.clientKey().toString(),
        List.of("app"), vars, "production", null, null, source)).toList();
  }

  /** The inventory lookup the engine and the applier take. */
  public Optional<Host> inventory(String name) {
    return hosts().stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** Removes these files from every host's home (markers a previous test left). */
  public void clearMarkers(String... names) throws IOException {
    for (EmbeddedHost h : fleet.hosts()) {
      for (String name : names) {
        Files.deleteIfExists(h.root().resolve(name));
      }
    }
  }

  /** How often {@link #START} ran on {@code h}. */
  public static int starts(EmbeddedHost h) {
    Path count = h.root().resolve("start.count");
    try {
      return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    transport.close();
    store.close();
  }
}
