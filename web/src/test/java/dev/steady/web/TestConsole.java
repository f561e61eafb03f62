package dev.steady.web;

import dev.steady.account.Accounts;
import dev.steady.account.Role;
import dev.steady.audit.AuditLog;
import dev.steady.plan.Criteria;
import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A console on 127.0.0.1 (any free port) over a real SQLite store file and an inventory file, with
 * one user per role (password {@link #PASSWORD}). Closing it stops the console, then the store.
 */
final class TestConsole implements AutoCloseable {

  static final String PASSWORD = "correct horse battery";
  final Store store;
  final Console console;
  final Path dir;

  private TestConsole(Path dir, Store store, Console console) {
    this.dir = dir;
    this.store = store;
    this.console = console;
  }

  /** Starts a console over {@code inventory} (written as given) and {@code knownHosts}. */
  static TestConsole start(Path dir, String inventoryYaml, Path knownHosts) throws IOException {
    Path inventory = Files.writeString(dir.resolve("inventory.yaml"), inventoryYaml);
    return start(dir, inventory, knownHosts);
  }

  static TestConsole start(Path dir, Path inventory, Path knownHosts) throws IOException {
    if (!Files.exists(knownHosts)) {
      Files.writeString(knownHosts, "");
    }
    Store store = Stores.open(dir.resolve("steady.db").toString());
    Accounts accounts = new Accounts(store, new AuditLog(store, "admin@test"));
    accounts.add("vera", Role.VIEWER, PASSWORD.toCharArray());
    accounts.add("olivia", Role.OPERATOR, PASSWORD.toCharArray());
    accounts.add("abe", Role.APPROVER, PASSWORD.toCharArray());
    accounts.add("ada", Role.ADMIN, PASSWORD.toCharArray());
    Console console = Console.start(Console.Settings.local(inventory, knownHosts, store).withFeedPeriod(Duration.ofMillis(200)));
    return new TestConsole(dir, store, console);
  }

  String url(String path) {
    return console.url() + (path.startsWith("/") ? path.substring(1) : path);
  }

  /** Seals a plan of {@code files} on {@code host} under root {@code root}, made by {@code author}, token {@code token}. */
  Plan plan(String author, String host, String root, List<FileEntry> files, String token) {
    long draft = store.createDraft();
    store.appendFiles(draft, host, files);
    long bytes = files.stream().mapToLong(FileEntry::size).sum();
    HostPlan hp = new HostPlan(host, root, files.size(), bytes, files.size() + 5L, 1L << 30, 10L << 30, 1_700_000_000_000_000_000L,
        1_700_000_100_000_000_000L, files.stream().limit(10).toList(), files.stream().limit(10).toList(), Map.of("newer than --older-than", 5L),
        Map.of("symbolic link", 1L), List.of());
    Instant now = Instant.now();
    Criteria criteria = new Criteria(Duration.ofDays(1), null, null, null, List.of(), List.of(), null, null, null, null, false, false);
    Plan header = new Plan(null, null, now, now.plus(Duration.ofHours(1)), author, host, criteria, List.of(), List.of(hp), files.size(), bytes);
    Plan plan = header.withId(PlanJson.id(header, store, draft), token);
    store.sealDraft(draft, plan);
    return plan;
  }

  @Override
  public void close() {
    console.close();
    store.close();
  }
}
