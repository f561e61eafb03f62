package dev.steady.web;

import dev.steady.account.Accounts;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Inventory;
import dev.steady.store.Store;
import dev.steady.transport.FleetTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the console's pages work with: the store, the inventory, one transport for the whole
 * process, and a pool of virtual threads for work started from a page (applies, resumes, checks).
 * Every service is core's; an audit log is made per request so the actor is the console user.
 */
final class Services implements AutoCloseable {

  final Store store;
  final FleetTransport transport;
  final Clock clock;
  final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  private final Path inventoryPath;
  private final Path sshConfig;
  private volatile Inventory inventory;
  private volatile FileTime inventoryTime;
  private volatile String inventoryProblem;

  Services(Store store, Path inventoryPath, Path sshConfig, FleetTransport transport, Clock clock) {
    this.store = store;
    this.inventoryPath = inventoryPath;
    this.sshConfig = sshConfig;
    this.inventory = Inventory.load(inventoryPath, sshConfig);
    this.inventoryTime = modified(inventoryPath);
    this.transport = transport;
    this.clock = clock;
  }

  /**
   * The inventory as the file says now: an engineer who adds or fixes a host during an incident
   * sees it in the console without a restart. When the edited file is broken, the console keeps the
   * last good inventory and {@link #inventoryProblem} says why.
   */
  Inventory inventory() {
    FileTime now = modified(inventoryPath);
    if (now != null && !now.equals(inventoryTime)) {
      synchronized (this) {
        if (!now.equals(inventoryTime)) {
          try {
            inventory = Inventory.load(inventoryPath, sshConfig);
            inventoryProblem = null;
          } catch (SteadyException e) {
            inventoryProblem = e.getMessage();
          }
          inventoryTime = now;
        }
      }
    }
    return inventory;
  }

  /** Why the inventory file's latest version was not taken (null when it was). */
  String inventoryProblem() {
    return inventoryProblem;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  /** The audit log as {@code session}'s user writes it. */
  AuditLog audit(Session session) {
    return new AuditLog(store, session.actor());
  }

  /** The audit log for what happens before anyone is logged in (failed logins). */
  AuditLog audit(String actor) {
    return new AuditLog(store, actor);
  }

  Accounts accounts(AuditLog audit) {
    return new Accounts(store, audit);
  }

  Approvals approvals(Session session) {
    return new Approvals(store, audit(session), clock);
  }

  @Override
  public void close() {
    background.shutdownNow();
    transport.close();
  }
}
