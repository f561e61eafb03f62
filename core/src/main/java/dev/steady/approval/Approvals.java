package dev.steady.approval;

import dev.steady.account.Accounts;
import dev.steady.account.User;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
    audit.append("approval.required", null, idOf(subject), Map.of("subject", subject, "author", author));
  }

  public Optional<Approval> find(String subject) {
    return storage.approval(subject);
  }

  /** The approvals still waiting for a second engineer, oldest first. */
  public List<Approval> pending() {
    return storage.pendingApprovals();
  }

  /**
   * {@code approver} approves {@code subject}. Refused, audited, for every reason {@link
   * #whyNotApprove} gives, and when another engineer approved it a moment before.
   */
  public Approval approve(String subject, String approver) {
    if (approver == null || approver.isBlank()) {
      throw SteadyException.badInput("an approval needs the approver's name");
    }
    Optional<String> refused = whyNotApprove(subject, approver);
    if (refused.isPresent()) {
      throw refuse(subject, approver, refused.get());
    }
    Approval pending = storage.approval(subject).orElseThrow();
    if (!storage.grantApproval(subject, approver, clock.instant())) {
      Approval now = storage.approval(subject).orElseThrow();
      throw refuse(subject, approver, subject + " was approved by " + now.approver() + " a moment ago");
    }
    audit.append("approval.granted", null, idOf(subject), Map.of("subject", subject, "author", pending.author(), "approver", approver));
    return storage.approval(subject).orElseThrow();
  }

  /**
   * Why {@code approver} may not approve {@code subject} now, or empty when they may: it needs no
   * approval, it was already approved, or {@code approver} is its author (four eyes). {@link
   * #approve} refuses for exactly these reasons; front ends ask first to show the reason beside a
   * disabled button instead of offering it.
   */
  public Optional<String> whyNotApprove(String subject, String approver) {
    Optional<Approval> found = storage.approval(subject);
    if (found.isEmpty()) {
      return Optional.of(subject + " does not need approval");
    }
    Approval pending = found.get();
    if (pending.granted()) {
      return Optional.of(subject + " was already approved by " + pending.approver() + " at " + pending.approvedAt());
    }
    if (person(pending.author()).equals(person(approver))) {
      return Optional.of("you (" + person(approver) + ") made " + subject + "; a second engineer must approve it (four eyes)");
    }
    return Optional.empty();
  }

  /**
   * The approver proves who they are with a steady account ({@code name}, {@code password}) whose
   * role may approve, then approves as that account. A wrong password or a role that cannot approve
   * is refused and audited like any refused approval; the password is never recorded.
   */
  public Approval approveAs(String subject, Accounts accounts, String name, char[] password) {
    User user = accounts.authenticate(name, password).orElseThrow(() -> refuse(subject, String.valueOf(name),
        "user '" + name + "' does not exist or the password is wrong; nothing was approved"));
    if (!user.role().canApprove()) {
      throw refuse(subject, user.name(), "user " + user.name() + " has the role " + user.role().label()
          + ", which cannot approve; an account with the approver or admin role must approve " + subject);
    }
    return approve(subject, user.name());
  }

  /** Refuses while {@code subject} waits for approval; passes when it needs none or is approved. */
  public void check(String subject) {
    waiting(storage, subject).ifPresent(reason -> {
      throw SteadyException.refused(reason);
    });
  }

  /**
   * Why {@code subject} may not be applied or started yet, or empty when it needs no approval or is
   * approved: the reason {@link #check} refuses with, for front ends to show before anyone tries.
   */
  public static Optional<String> waiting(ApprovalStorage storage, String subject) {
    Optional<Approval> approval = storage.approval(subject);
    if (approval.isEmpty() || approval.get().granted()) {
      return Optional.empty();
    }
    String id = subject.substring(subject.indexOf(':') + 1);
    String before = subject.startsWith("plan:") ? "before it is applied" : "before it starts";
    return Optional.of(subject + " needs a second engineer's approval " + before + " (made by " + person(approval.get().author())
        + "); nothing was changed; someone else runs `steady approve " + shortId(id) + "` or approves it in the console");
  }

  private SteadyException refuse(String subject, String approver, String reason) {
    audit.append("approval.refused", null, idOf(subject), Map.of("subject", subject, "approver", approver, "reason", reason));
    return SteadyException.refused(reason);
  }

  /** The plan or run id of a subject: its audit entries are filed under it, like apply's and the run's. */
  private static String idOf(String subject) {
    int colon = subject.indexOf(':');
    return colon < 0 ? null : subject.substring(colon + 1);
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
