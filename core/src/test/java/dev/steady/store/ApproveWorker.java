package dev.steady.store;

import dev.steady.approval.Approvals;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A separate process approving, for the race test: STORE SUBJECT APPROVER DIR. It opens the store,
 * writes DIR/APPROVER.ready, waits for DIR/go, approves, and writes true (granted) or false
 * (refused) to DIR/APPROVER.result.
 */
public final class ApproveWorker {

  private ApproveWorker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args[3]);
    try (Store store = Stores.open(args[0])) {
      Approvals approvals = new Approvals(store, new AuditLog(store, args[2] + "@worker"), Clock.systemUTC());
      Files.writeString(dir.resolve(args[2] + ".ready"), "");
      ClaimWorker.awaitGo(dir);
      boolean granted;
      try {
        approvals.approve(args[1], args[2]);
        granted = true;
      } catch (SteadyException refused) {
        granted = false;
      }
      Files.writeString(dir.resolve(args[2] + ".result"), Boolean.toString(granted));
    }
  }
}
