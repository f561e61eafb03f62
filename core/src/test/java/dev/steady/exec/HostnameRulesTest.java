package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.audit.AuditLog;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.Identity;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostname rule for hosts as real inventories name them: by FQDN (hostname -f must answer the
 * name exactly when hostname gives the short one), by address (expect_hostname needed), and the
 * {@code {short}} / {@code {name}} templates one group variable can use. Real embedded SSH hosts.
 */
@Timeout(60)
class HostnameRulesTest {

  static final String FQDN = "web-01.prod.example";
  @TempDir static Path fleetDir;
  static EmbeddedFleet fleet;
  static EmbeddedHost web;

  @TempDir Path work;
  AuditLog audit;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = EmbeddedFleet.start(fleetDir, List.of("web-01"));
    web = fleet.host("web-01");
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    audit = TestFleets.audit(work);
    web.setHostname("web-01");
    web.setFullyQualified(null);
  }

  Host named(String name, String expectHostname) {
    return new Host(name, web.address(), web.port(), web.user(), fleet.clientKey().toString(), List.of(), Map.of(), "production",
        expectHostname, null, "test");
  }

  Identity check(Host host) throws Exception {
    String line = web.knownHostsLine();
    Path pins = Files.writeString(work.resolve("pins"), "[" + host.name() + "]:" + web.port() + line.substring(line.indexOf(',')) + "\n");
    try (FleetTransport transport = new FleetTransport(KnownHosts.load(pins), new TransportOptions(Duration.ofSeconds(5), null))) {
      return new FleetCheck(transport, audit).check(List.of(host), 1, c -> {}).getFirst().identity();
    }
  }

  @Test
  void aHostNamedByFqdn_whoseHostnameIsTheShortName_isProvenByHostnameF() throws Exception {
    web.setFullyQualified(FQDN);

    assertThat(check(named(FQDN, null))).isInstanceOf(Identity.Verified.class);
  }

  @Test
  void aHostNamedByFqdn_whoseHostnameFIsAnotherFqdn_isRefused_showingBoth() throws Exception {
    web.setFullyQualified("web-01.staging.example");

    Identity identity = check(named(FQDN, null));

    assertThat(identity).isInstanceOf(Identity.HostnameMismatch.class);
    assertThat(identity.message()).contains("answers hostname 'web-01' (hostname -f: 'web-01.staging.example'), expected exactly '"
        + FQDN + "'");
  }

  @Test
  void aHostNamedByItsAddress_needsExpectHostname_andSaysSo() throws Exception {
    Identity refused = check(named("127.0.0.1", null));

    assertThat(refused).isInstanceOf(Identity.HostnameMismatch.class);
    assertThat(refused.message()).startsWith("refused: 127.0.0.1 is named by its address, so `hostname` (which answers 'web-01')"
        + " cannot match it").contains("set its expect_hostname");
    assertThat(check(named("127.0.0.1", "web-01"))).isInstanceOf(Identity.Verified.class);
  }

  @Test
  void expectHostnameTemplates_shortAndName_serveAWholeGroup() throws Exception {
    assertThat(check(named(FQDN, "{short}"))).isInstanceOf(Identity.Verified.class);
    web.setHostname(FQDN);
    assertThat(check(named(FQDN, "{name}"))).isInstanceOf(Identity.Verified.class);
    assertThat(check(named(FQDN, "{short}"))).as("the template is exact too").isInstanceOf(Identity.HostnameMismatch.class);
  }
}
