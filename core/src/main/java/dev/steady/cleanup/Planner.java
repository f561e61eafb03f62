package dev.steady.cleanup;

import dev.steady.audit.AuditLog;
import dev.steady.exec.FanOut;
import dev.steady.failure.SteadyException;
import dev.steady.guard.Guards;
import dev.steady.inventory.Host;
import dev.steady.plan.Criteria;
import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.plan.PlanListener;
import dev.steady.plan.PlanRequest;
import dev.steady.plan.PlanStorage;
import dev.steady.transport.IdentityGate;
import dev.steady.transport.Reached;
import dev.steady.transport.Transport;
import dev.steady.transport.VerifiedConnection;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a cleanup plan: guards first, then on every host (identity checked on the listing
 * connection) the criteria are evaluated remotely and the matching files streamed into storage,
 * then the share and expectation guards, then the plan is sealed under the SHA-256 of its content.
 * A refused or failed planning leaves no plan behind.
 */
public final class Planner {

  private static final int BATCH = 1000;
  private static final String MOUNT_NOTE = "mount points inside the root were not entered, their files not listed: ";
  private static final String TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private final IdentityGate gate;
  private final PlanStorage storage;
  private final AuditLog audit;
  private final Clock clock;
  private final String author;

  public Planner(Transport transport, PlanStorage storage, AuditLog audit, Clock clock, String author) {
    this.gate = new IdentityGate(transport);
    this.storage = storage;
    this.audit = audit;
    this.clock = clock;
    this.author = author;
  }

  /** Plans, or throws a REFUSED/BAD_INPUT {@link SteadyException}; nothing on any host is changed either way. */
  public Plan plan(PlanRequest request, PlanListener listener) {
    Guards.checkRoot(request.root(), Guards.protectedRoots());
    Guards.checkCriteria(request.criteria());
    gate.prepare(request.hosts());
    Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long draft = storage.createDraft();
    boolean sealed = false;
    try {
      List<HostPlan> hosts = listAll(request, draft, listener);
      long count = hosts.stream().mapToLong(HostPlan::count).sum();
      long bytes = hosts.stream().mapToLong(HostPlan::bytes).sum();
      for (HostPlan h : hosts) {
        Guards.checkShare(h.name(), h.root(), h.count(), h.totalFiles(), request.criteria().allowAll());
      }
      Guards.checkExpectation(request.criteria(), count, bytes);
      Plan header = new Plan(null, null, created, created.plus(request.ttl()), author, request.target(), request.criteria(),
          guardNotes(request, hosts), hosts, count, bytes);
      Plan plan = header.withId(PlanJson.id(header, storage, draft), newToken());
      storage.sealDraft(draft, plan);
      sealed = true;
      audit.append("plan.created", null, plan.id(), auditData(plan, request));
      return plan;
    } catch (RuntimeException e) {
      if (!sealed) {
        storage.deleteDraft(draft);
      }
      if (e instanceof SteadyException refused && refused.kind() == SteadyException.Kind.REFUSED) {
        audit.append("plan.refused", null, null, Map.of("target", request.target(), "root", request.root(), "reason", refused.getMessage()));
      }
      throw e;
    }
  }

  private List<HostPlan> listAll(PlanRequest request, long draft, PlanListener listener) {
    List<Listed> results = FanOut.run(request.hosts(), request.concurrency(), host -> listOne(request, draft, host, listener), r -> {});
    List<String> failures = new ArrayList<>();
    List<HostPlan> plans = new ArrayList<>();
    for (Listed r : results) {
      switch (r) {
        case Listed.Done done -> plans.add(done.plan());
        case Listed.Invalid invalid -> throw invalid.error();
        case Listed.Failed failed -> failures.add(failed.reason());
      }
    }
    if (!failures.isEmpty()) {
      throw SteadyException.refused("nothing was planned: " + String.join("; ", failures)
          + "; fix those hosts or leave them out of the target (e.g. 'web:!web-03')");
    }
    return plans;
  }

  /** How listing one host ended. */
  private sealed interface Listed {
    record Done(HostPlan plan) implements Listed {}

    record Failed(String reason) implements Listed {}

    record Invalid(SteadyException error) implements Listed {}
  }

  private Listed listOne(PlanRequest request, long draft, Host host, PlanListener listener) {
    Reached reached = gate.open(host, audit, null);
    if (!(reached instanceof Reached.Verified verified)) {
      return new Listed.Failed(reached.identity().message());
    }
    try (VerifiedConnection connection = verified.connection()) {
      return new Listed.Done(list(request, draft, host, connection, listener));
    } catch (SteadyException e) {
      return new Listed.Invalid(e);
    } catch (IOException e) {
      return new Listed.Failed(host.name() + ": listing failed (" + e.getMessage() + ")");
    }
  }

  private HostPlan list(PlanRequest request, long draft, Host host, VerifiedConnection connection, PlanListener listener) throws IOException {
    HostPlanBuilder review = new HostPlanBuilder();
    Criteria criteria = request.criteria();
    boolean backups = criteria.requireBackup() != null;
    long target = backups ? storage.createDraft() : draft;
    try {
      Batches matched = new Batches(target, host.name(), backups ? null : review, listener, host);
      Listing listing = new ListFiles(connection, request.root(), criteria, clock.instant()).call(matched::add);
      matched.flush();
      Map<String, Long> excluded = new LinkedHashMap<>(listing.excluded());
      List<String> notes = hostNotes(listing);
      if (backups) {
        keepBackedUp(request, connection, host, target, draft, review, excluded, notes);
      }
      HostPlan plan = new HostPlan(host.name(), listing.root(), review.count(), review.bytes(), listing.totalFiles(), listing.freeBytes(),
          listing.fsBytes(), review.oldest(), review.newest(), review.largest(), review.sample(), excluded, listing.skipped(), notes,
          review.allocated());
      listener.listed(plan);
      return plan;
    } finally {
      if (backups) {
        storage.deleteDraft(target);
      }
    }
  }

  /** Second pass for --require-backup: only files with a copy in the backup directory go into the plan. */
  private void keepBackedUp(PlanRequest request, VerifiedConnection connection, Host host, long listed, long draft, HostPlanBuilder review,
      Map<String, Long> excluded, List<String> notes) throws IOException {
    Criteria criteria = request.criteria();
    Batches kept = new Batches(draft, host.name(), review, PlanListener.NONE, host);
    List<String> missing = new ArrayList<>();
    try (PlannedFiles files = new PlannedFiles(storage, listed, host.name(), new java.util.BitSet())) {
      java.util.Iterator<FileEntry> entries = new java.util.Iterator<>() {
        @Override
        public boolean hasNext() {
          return files.hasNext();
        }

        @Override
        public FileEntry next() {
          return files.next().file();
        }
      };
      new CheckBackups(connection, request.root(), criteria.requireBackup(), criteria.verifyChecksum()).call(entries, checked -> {
        if (checked.backedUp()) {
          kept.add(checked.file());
        } else {
          excluded.merge("without a backup copy" + (criteria.verifyChecksum() ? " of equal size and SHA-256" : " of equal size"), 1L, Long::sum);
          if (missing.size() < 10) {
            missing.add(checked.file().displayPath() + ": " + checked.reason());
          }
        }
      });
    }
    kept.flush();
    missing.forEach(m -> notes.add("kept (no backup): " + m));
    notes.add("every planned file has a copy of equal size" + (criteria.verifyChecksum() ? " and SHA-256" : "") + " in " + criteria.requireBackup());
  }

  /** Appends streamed files to a draft in batches, feeding the review and the listener on the way. */
  private final class Batches {
    private final long draft;
    private final String hostName;
    private final HostPlanBuilder review;
    private final PlanListener listener;
    private final Host host;
    private final List<FileEntry> batch = new ArrayList<>(BATCH);
    private long count;

    Batches(long draft, String hostName, HostPlanBuilder review, PlanListener listener, Host host) {
      this.draft = draft;
      this.hostName = hostName;
      this.review = review;
      this.listener = listener;
      this.host = host;
    }

    void add(FileEntry file) {
      if (review != null) {
        review.add(file);
      }
      batch.add(file);
      count++;
      if (batch.size() == BATCH) {
        flush();
        listener.listing(host, count);
      }
    }

    void flush() {
      if (!batch.isEmpty()) {
        storage.appendFiles(draft, hostName, List.copyOf(batch));
        batch.clear();
      }
    }
  }

  private static List<String> hostNotes(Listing listing) {
    List<String> notes = new ArrayList<>();
    if (!listing.mountPoints().isEmpty()) {
      notes.add(MOUNT_NOTE + String.join(", ", listing.mountPoints()));
    }
    if (!listing.mountsKnown()) {
      notes.add("no /proc/self/mountinfo here: a bind mount of this filesystem inside the root cannot be seen and would be walked"
          + " (find -xdev stops only at other filesystems)");
    }
    listing.skipped().forEach((kind, n) -> notes.add(n + " " + kind + (n == 1 ? "" : "s") + " skipped (never followed or deleted)"));
    if (listing.matchedCount() == 0) {
      notes.add("no file matches the criteria here");
    }
    return notes;
  }

  private static List<String> guardNotes(PlanRequest request, List<HostPlan> hosts) {
    List<String> notes = new ArrayList<>();
    notes.add("protected paths checked: " + request.root() + " is not one of them");
    if (request.criteria().allowAll()) {
      notes.add("--allow-all: the share-of-files guard was lifted by the operator");
    }
    if (request.criteria().expectCount() != null || request.criteria().expectBytes() != null) {
      notes.add("totals are within 25% of the stated expectation");
    }
    for (HostPlan h : hosts) {
      long mounts = h.skipped().getOrDefault(MountPoints.KIND, 0L);
      if (mounts > 0) {
        notes.add(h.name() + ": " + mounts + " mount point" + (mounts == 1 ? "" : "s") + " inside " + h.root()
            + " skipped (files there live outside the root): " + h.notes().stream().filter(n -> n.startsWith(MOUNT_NOTE))
            .map(n -> n.substring(MOUNT_NOTE.length())).findFirst().orElse(""));
      }
    }
    if (request.hosts().stream().anyMatch(Host::isProduction)) {
      notes.add("PRODUCTION hosts in this plan");
    }
    return notes;
  }

  private static Map<String, Object> auditData(Plan plan, PlanRequest request) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("target", plan.target());
    data.put("root", request.root());
    data.put("criteria", plan.criteria().toMap());
    data.put("hosts", plan.hosts().stream().map(HostPlan::name).toList());
    data.put("count", plan.count());
    data.put("bytes", plan.bytes());
    data.put("expires_at", plan.expiresAt().toString());
    return data;
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  static String newToken() {
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
    }
    return token.toString();
  }
}
