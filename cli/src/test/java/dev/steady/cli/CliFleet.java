package dev.steady.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * What a user points steady at in one CLI test, over a class's embedded fleet: an inventory file
 * (all hosts, production, unless given), the fleet's known_hosts and a SQLite store file in the
 * test's own directory; and steady run in-process with exactly those.
 */
final class CliFleet {

  final EmbeddedFleet fleet;
  final Path inventory;
  final Path knownHosts;
  final Path store;

  private CliFleet(EmbeddedFleet fleet, Path inventory, Path knownHosts, Path store) {
    this.fleet = fleet;
    this.inventory = inventory;
    this.knownHosts = knownHosts;
    this.store = store;
  }

  /** The fleet's hosts as a production inventory in {@code work}, its pins, a store in {@code work}. */
  static CliFleet in(EmbeddedFleet fleet, Path work) {
    return new CliFleet(fleet, fleet.writeInventory(work.resolve("inventory.yaml"), "production"), fleet.knownHosts(),
        work.resolve("steady.db"));
  }

  /** The same, with the inventory written by the test. */
  CliFleet withInventory(Path file) {
    return new CliFleet(fleet, file, knownHosts, store);
  }

  /** The same, with pins the test may edit. */
  CliFleet withKnownHosts(Path file) {
    return new CliFleet(fleet, inventory, file, store);
  }

  /** The same, with another SQLite store file. */
  CliFleet withStore(Path file) {
    return new CliFleet(fleet, inventory, knownHosts, file);
  }

  /** The global options naming these files, then {@code more}. */
  List<String> args(String... more) {
    return argsWithStore(store.toString(), more);
  }

  /** The global options with another store (a URL or path), then {@code more}. */
  List<String> argsWithStore(String storeUrl, String... more) {
    List<String> all = new ArrayList<>(List.of("--inventory", inventory.toString(), "--known-hosts", knownHosts.toString(),
        "--store", storeUrl, "--no-color"));
    all.addAll(List.of(more));
    return all;
  }

  Cli.Result steady(String... more) {
    return Cli.run(args(more).toArray(String[]::new));
  }

  Cli.Result steadyWithStdin(String stdin, String... more) {
    return Cli.runWithStdin(stdin, args(more).toArray(String[]::new));
  }

  /**
   * The operator's decision for rows left UNKNOWN: the {@code --rerun-unknown} command that {@code
   * steady status RUN --json} names as a next step, run as given (store {@code storeUrl}).
   */
  Cli.Result rerunUnknown(String storeUrl, String run) throws Exception {
    Cli.Result status = Cli.run(argsWithStore(storeUrl, "--json", "status", run).toArray(String[]::new));
    String command = StreamSupport.stream(new ObjectMapper().readTree(status.out()).get("next").spliterator(), false)
        .map(JsonNode::asText).filter(c -> c.contains("--rerun-unknown")).findFirst()
        .orElseThrow(() -> new AssertionError("no --rerun-unknown step in " + status));
    List<String> words = List.of(command.split(" "));
    return Cli.run(argsWithStore(storeUrl, words.subList(1, words.size()).toArray(String[]::new)).toArray(String[]::new));
  }

  /** Deletes {@code names} from every host's root: the marker files a previous test's start left. */
  void clearMarkers(String... names) {
    for (EmbeddedHost h : fleet.hosts()) {
      for (String name : names) {
        try {
          Files.deleteIfExists(h.root().resolve(name));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** How often the test's start command ran on {@code h} (one line per start in start.count). */
  static int starts(EmbeddedHost h) {
    Path count = h.root().resolve("start.count");
    try {
      return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
