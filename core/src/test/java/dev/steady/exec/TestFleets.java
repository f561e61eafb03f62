package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.fleet.TestHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds inventory hosts and pins for fleets of real test hosts. */
final class TestFleets {

  private TestFleets() {}

  static Host host(TestHost t, Path clientKey, String env) {
    return new Host(t.name(), t.address(), t.port(), t.user(), clientKey.toString(), List.of("fleet"), Map.of(), env, null, null,
        "test-inventory:" + t.name());
  }

  static Host pointingAt(String name, TestHost other, Path clientKey) {
    return new Host(name, other.address(), other.port(), other.user(), clientKey.toString(), List.of("fleet"), Map.of(),
        "production", null, null, "test-inventory:" + name);
  }

  static KnownHosts pins(Path file, List<? extends TestHost> hosts) throws java.io.IOException {
    Files.write(file, hosts.stream().map(TestHost::knownHostsLine).toList());
    return KnownHosts.load(file);
  }

  static AuditLog audit(Path dir) {
    Store store = Stores.open(dir.resolve("steady.db").toString());
    return new AuditLog(store, "tester@test");
  }
}
