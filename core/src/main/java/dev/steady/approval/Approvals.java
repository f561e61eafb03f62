package dev.steady.approval;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Four eyes: a plan or run that requires approval may not be applied or started until a second
 * engineer, never its author, approved it. People are compared by name without the {@code @host}
 * part, so alice on her laptop and alice in the console are the same person. Every grant and every
 * refused attempt is audited.
 */
public final class Approvals {

  /** Environments whose plans and runs always need approval: comma-separated, e.g. {@code production}. */
  public static final String POLICY_ENV = "STEADY_REQUIRE_APPROVAL";

  private final ApprovalStorage storage;
  private final AuditLog audit;
  private final Clock clock;

  public Approvals(ApprovalStorage storage, AuditLog audit, Clock clock) {
    this.storage = storage;
    this.audit = audit;
    this.clock = clock;
  }

  /** The subject naming a plan. */
  public static String plan(String planId) {
    return "plan:" + planId;
  }

  /** The subject naming a run. */
  public static String run(String runId) {
    return "run:" + runId;
  }

  /** The person behind an actor: {@code alice@laptop} → {@code alice}. */
  public static String person(String actor) {
    int at = actor.indexOf('@');
    return (at < 0 ? actor : actor.substring(0, at)).toLowerCase(Locale.ROOT);
  }

  /** Whether the policy ({@value #POLICY_ENV}) or the flag requires approval for work on {@code hosts}. */
  public static boolean required(boolean flag, Collection<Host> hosts) {
    return flag || requiredByPolicy(System.getenv(POLICY_ENV), hosts);
  }

  static boolean requiredByPolicy(String policy, Collection<Host> hosts) {
    if (policy == null || policy.isBlank()) {
      return false;
    }
    Set<String> envs = Arrays.stream(policy.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return hosts.stream().anyMatch(h -> h.env() != null && envs.contains(h.env().toLowerCase(Locale.ROOT)));
  }

  /** Records that {@code subject}, made by {@code author}, needs a second engineer's approval. */
  public void require(String subject, String author) {
    storage.requireApproval(subject, author, clock.instant());
    audit.append("approval.required", null, runOf(subject), Map.of("subject", subject, "author", author));
  }

  public Optional<Approval> find(String subject) {
    return storage.approval(subject);
  }

  /**
   * {@code approver} approves {@code subject}. Refused, audited, when the approver is its author,
   * when it needs no approval, or when it was already approved.
   */
  public Approval approve(String subject, String approver) {
    Approval pending = storage.approval(subject).orElseThrow(() -> refuse(subject, approver, subject + " does not need approval"));
    if (pending.granted()) {
      throw refuse(subject, approver, subject + " was already approved by " + pending.approver());
    }
    if (person(pending.author()).equals(person(approver))) {
      throw refuse(subject, approver, "you (" + person(approver) + ") made " + subject
          + "; a second engineer must approve it (four eyes)");
    }
    if (!storage.grantApproval(subject, approver, clock.instant())) {
      Approval now = storage.approval(subject).orElseThrow();
      throw refuse(subject, approver, subject + " was approved by " + now.approver() + " a moment ago");
    }
    audit.append("approval.granted", null, runOf(subject), Map.of("subject", subject, "author", pending.author(), "approver", approver));
    return storage.approval(subject).orElseThrow();
  }

  /** Refuses while {@code subject} waits for approval; passes when it needs none or is approved. */
  public void check(String subject) {
    Optional<Approval> approval = storage.approval(subject);
    if (approval.isPresent() && !approval.get().granted()) {
      String id = subject.substring(subject.indexOf(':') + 1);
      throw SteadyException.refused(subject + " needs a second engineer's approval before it runs (made by "
          + person(approval.get().author()) + "); nothing was changed; someone else runs `steady approve " + shortId(id)
          + "` or approves it in the console");
    }
  }

  private SteadyException refuse(String subject, String approver, String reason) {
    audit.append("approval.refused", null, runOf(subject), Map.of("subject", subject, "approver", approver, "reason", reason));
    return SteadyException.refused(reason);
  }

  private static String runOf(String subject) {
    return subject.startsWith("run:") ? subject.substring(4) : null;
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
