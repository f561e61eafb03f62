package dev.steady.cleanup;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.plan.PlanStorage;
import java.util.Map;

/**
 * Invariant 4 at apply time: the header and every file row read back from the store must hash to
 * the plan's id, exactly as {@link Planner} sealed it ({@link PlanJson#id}). A row added, removed or
 * changed since (by SQL, a restore, a bug) makes another plan, which nobody reviewed, so the apply is
 * refused before anything changes. One streaming pass over the plan's rows (1.4 s warm, 3.6 s cold for a
 * million files, bench/RESULTS.md).
 */
final class PlanSeal {

  private PlanSeal() {}

  /** @throws SteadyException REFUSED, naming the plan, when the stored plan is not the reviewed one */
  static void verify(Plan plan, PlanStorage storage, long draft, AuditLog audit) {
    String found;
    try {
      found = PlanJson.id(plan, storage, draft);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw broken(plan, e.getMessage(), audit); // a host's rows disagree with its reviewed count, or a row is malformed
    }
    if (!found.equals(plan.id())) {
      throw broken(plan, "they hash to " + found.substring(0, 12) + "…, not to the plan's id", audit);
    }
  }

  private static SteadyException broken(Plan plan, String detail, AuditLog audit) {
    String id = plan.id().substring(0, 12);
    audit.append("apply.refused", null, plan.id(), Map.of("reason", "stored files differ from the reviewed plan", "detail", detail));
    return SteadyException.refused("plan " + id + ": its stored files differ from the reviewed plan (" + detail
        + "); nothing was deleted; the store was changed after the plan was sealed: make a new plan, review it, and find out"
        + " who changed the store (`steady audit log`)");
  }
}
