package dev.steady.web;

import dev.steady.account.Accounts;
import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.inventory.Inventory;
import dev.steady.store.Store;
import dev.steady.transport.FleetTransport;
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
  final Inventory inventory;
  final FleetTransport transport;
  final Clock clock;
  final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  Services(Store store, Inventory inventory, FleetTransport transport, Clock clock) {
    this.store = store;
    this.inventory = inventory;
    this.transport = transport;
    this.clock = clock;
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
