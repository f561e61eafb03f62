package dev.steady.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Starts a fleet for benchmarks and manual use, writes the files clients need into DIR, prints
 * {@code READY <count>} and runs until stdin reaches EOF or the process is terminated.
 *
 * <pre>
 * FleetMain --kind embedded|openssh --count N --prefix host- --dir DIR [--shared /srv/app] [--env staging]
 * </pre>
 */
public final class FleetMain {

  private static final String USAGE = "usage: FleetMain --kind embedded|openssh --count N --prefix host- --dir DIR"
      + " [--shared /srv/app] [--env staging]";

  private FleetMain() {}

  /** What was started: the hosts, the key that logs in to them, and how to stop them. */
  private record Started(List<? extends TestHost> hosts, String user, Path clientKey, AutoCloseable fleet) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Path dir = Path.of(options.get("dir")).toAbsolutePath();
    Started started = start(options, dir, names(options));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started.fleet()), "fleet-main-shutdown"));
    writeFiles(started, dir, options.getOrDefault("env", "staging"));
    System.out.println("READY " + started.hosts().size());
    System.out.flush();
    drain(System.in);
    closeQuietly(started.fleet());
    System.exit(0);
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    for (String required : List.of("kind", "count", "prefix", "dir")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing --" + required);
      }
    }
    if (!List.of("embedded", "openssh").contains(options.get("kind"))) {
      throw new IllegalArgumentException("--kind must be embedded or openssh, got '" + options.get("kind") + "'");
    }
    return options;
  }

  static List<String> names(Map<String, String> options) {
    int count = Integer.parseInt(options.get("count"));
    return IntStream.rangeClosed(1, count).mapToObj(i -> options.get("prefix") + String.format("%03d", i)).toList();
  }

  private static Started start(Map<String, String> options, Path dir, List<String> names) throws IOException {
    if (options.get("kind").equals("openssh")) {
      OpenSshFleet fleet = OpenSshFleet.start(dir, names, options.getOrDefault("shared", "/srv/app"));
      return new Started(fleet.hosts(), "root", fleet.clientKey(), fleet);
    }
    EmbeddedFleet fleet = EmbeddedFleet.start(dir, names);
    return new Started(fleet.hosts(), EmbeddedHost.USER, fleet.clientKey(), fleet);
  }

  /** known_hosts is already written by the fleet; the rest is written here. */
  private static void writeFiles(Started started, Path dir, String env) throws IOException {
    FleetFiles.writeInventory(dir.resolve("inventory.yaml"), started.hosts(), started.user(), started.clientKey(), env);
    FleetFiles.writePsshHosts(dir.resolve("pssh-hosts"), started.hosts());
    FleetFiles.writeAnsibleIni(dir.resolve("ansible-hosts.ini"), started.hosts(), started.clientKey());
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[1024];
    while (in.read(buffer) >= 0) {
      // keep running until our controller closes stdin
    }
  }

  private static void closeQuietly(AutoCloseable fleet) {
    try {
      fleet.close();
    } catch (Exception e) {
      System.err.println("stopping the fleet failed: " + e);
    }
  }
}
