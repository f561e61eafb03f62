package dev.steady.plan;

import dev.steady.cleanup.Applier;
import dev.steady.cleanup.Planner;
import static dev.steady.plan.RandomTree.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.steady.audit.AuditLog;
import dev.steady.fleet.EmbeddedFleet;
import dev.steady.fleet.EmbeddedHost;
import dev.steady.identity.KnownHosts;
import dev.steady.inventory.Host;
import dev.steady.plan.RandomTree.Entry;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import dev.steady.transport.FleetTransport;
import dev.steady.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants 1 and 3 end to end, on a real embedded SSH host, through {@link Planner} and
 * {@link Applier}: random trees (nasty and non-UTF-8 names, symbolic links in and out), random
 * criteria, then random changes to planned files between plan and apply. Apply must delete exactly
 * the planned files that did not change, report every changed one as drifted, and leave every other
 * entry (unplanned files, new files, links, their targets, everything outside the root) as it was.
 */
class CleanupProperties {

  static final String HOST = "web-01";
  static final long SECOND = 1_000_000_000L;
  static final long DAY = 86_400 * SECOND;

  static Path fleetDir;
  static EmbeddedFleet fleet;
  static FleetTransport transport;
  static Store store;
  static AuditLog audit;
  static int tries;
  static final List<Long> millis = new ArrayList<>();

  @BeforeContainer
  static void start() throws IOException {
    fleetDir = Files.createTempDirectory("steady-cleanup-props").toRealPath();
    fleet = EmbeddedFleet.start(fleetDir.resolve("fleet"), List.of(HOST));
    transport = new FleetTransport(KnownHosts.load(fleet.knownHosts()), new TransportOptions(Duration.ofSeconds(5), null));
    store = Stores.open(fleetDir.resolve("steady.db").toString());
    audit = new AuditLog(store, "tester@test");
  }

  @AfterContainer
  static void stop() throws Exception {
    System.err.println("CleanupProperties: " + millis.size() + " tries, ms per try " + millis.stream().mapToLong(Long::longValue)
        .summaryStatistics());
    if (transport != null) {
      transport.close();
    }
    if (store != null) {
      store.close();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (fleetDir != null) {
      new ProcessBuilder("rm", "-rf", "--", fleetDir.toString()).inheritIO().start().waitFor();
    }
  }

  // ---- the property ---------------------------------------------------------------------------

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void applyDeletesThePlanMinusTheDrift_andNothingElse(@ForAll("trees") Tree tree, @ForAll("criteria") Criteria criteria,
      @ForAll long seed) {
    long t = System.nanoTime();
    long[] counts = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> check(tree, criteria, seed),
        () -> "try timed out: " + criteria + " seed " + seed);
    millis.add((System.nanoTime() - t) / 1_000_000);
    Statistics.label("planned").collect(bucket(counts[0]));
    Statistics.label("drifted").collect(bucket(counts[1]));
    Statistics.label("files in tree").collect(bucket(counts[2]));
  }

  /** One try; returns {planned, drifted, files in the tree}. */
  private static long[] check(Tree spec, Criteria criteria, long seed) throws IOException {
    String base = RandomTree.utf8(fleet.host(HOST).root().toString()) + "/try-" + ++tries;
    String root = base + "/tree";
    String outside = base + "/outside";
    Built built = build(spec, base, root, outside);
    Map<String, Entry> atPlan = RandomTree.snapshot(base);

    // plan, and check it against an oracle of the criteria
    Instant before = Instant.now();
    Plan plan = planner().plan(new PlanRequest(HOST, List.of(host()), root, criteria, Duration.ofHours(1), 1), new PlanListener() {});
    Instant after = Instant.now();
    List<PlannedFile> planned = new ArrayList<>();
    store.forEachFile(store.draftOf(plan.id()), HOST, planned::add);
    Oracle oracle = new Oracle(criteria, root, before.getEpochSecond() - 1, after.getEpochSecond() + 2);
    checkPlan(plan, planned, atPlan, oracle, built);

    // change some planned files, add new matching ones
    Random random = new Random(seed);
    Mutations m = mutate(planned, atPlan, oracle, random, root, outside, built);
    Map<String, Entry> atApply = RandomTree.snapshot(base);

    ApplyReport report = new Applier(transport, store, audit, Clock.systemUTC(), n -> n.equals(HOST) ? Optional.of(host()) : Optional.empty())
        .apply(new ApplyRequest(plan.id(), plan.confirmToken(), false, 1), new ApplyListener() {});
    Map<String, Entry> afterApply = RandomTree.snapshot(base);

    String context = "criteria " + criteria.toMap() + ", seed " + seed + ", try dir " + base + "\nmutations " + m.describe(planned)
        + "\nreport " + report.hosts();

    // results, per planned file
    Map<Long, FileResult> results = new TreeMap<>();
    store.forEachFileResult(plan.id(), HOST, r -> results.put(r.seq(), r));
    assertThat(results.keySet()).as("one result per planned file; " + context)
        .containsExactlyInAnyOrderElementsOf(planned.stream().map(PlannedFile::seq).toList());
    Map<String, Set<Long>> byOutcome = new TreeMap<>();
    results.values().forEach(r -> byOutcome.computeIfAbsent(r.outcome(), k -> new TreeSet<>()).add(r.seq()));
    Set<Long> deleted = byOutcome.getOrDefault(FileResult.DELETED, Set.of());
    Set<Long> drifted = byOutcome.getOrDefault(FileResult.DRIFTED, Set.of());
    Set<Long> failed = byOutcome.getOrDefault(FileResult.FAILED, Set.of());
    assertThat(failed).as("no deletion failed: " + results.values().stream().filter(r -> failed.contains(r.seq())).toList() + "; " + context)
        .isEmpty();
    // (3) every changed planned file is reported drifted, (2) every other one deleted
    assertThat(drifted).as("drifted = exactly the changed planned files; results " + results.values() + "; " + context)
        .isEqualTo(m.seqs);
    Set<Long> unchanged = new TreeSet<>();
    planned.stream().map(PlannedFile::seq).filter(s -> !m.seqs.contains(s)).forEach(unchanged::add);
    assertThat(deleted).as("deleted = exactly the unchanged planned files; " + context).isEqualTo(unchanged);

    // (4) the report's counts
    HostApplied h = report.hosts().getFirst();
    assertThat(h.deleted()).as(context).isEqualTo(planned.size() - h.driftedCount() - h.failedCount());
    assertThat(h.deleted()).as(context).isEqualTo(deleted.size());
    assertThat(h.driftedCount()).as(context).isEqualTo(m.seqs.size());
    assertThat(h.state()).as(context).isEqualTo(m.seqs.isEmpty() ? "done" : "drifted");
    assertThat(report.allClear()).as(context).isEqualTo(m.seqs.isEmpty());
    assertThat(h.drifted()).extracting(Drift::path).as(context).containsExactlyInAnyOrderElementsOf(planned.stream()
        .filter(p -> m.seqs.contains(p.seq())).map(p -> p.file().displayPath()).toList());
    assertThat(h.bytesFreed()).as(context).isEqualTo(planned.stream().filter(p -> unchanged.contains(p.seq()))
        .mapToLong(p -> p.file().size()).sum());

    // (2) unchanged planned files are gone; (1)+(3)+(5) every other entry is exactly as it was before apply
    Map<String, Entry> expected = new LinkedHashMap<>();
    atApply.forEach((path, e) -> expected.put(path, e.identity()));
    for (PlannedFile p : planned) {
      if (unchanged.contains(p.seq())) {
        String path = RandomTree.of(p.file().path());
        assertThat(atApply.get(path)).as("an unchanged planned file is there before apply: " + show(path)).isNotNull()
            .extracting(Entry::type).isEqualTo('f');
        expected.remove(path);
      }
    }
    Map<String, Entry> actual = new LinkedHashMap<>();
    afterApply.forEach((path, e) -> actual.put(path, e.identity()));
    List<String> diff = diff(expected, actual);
    assertThat(diff).as("entries that apply should have left alone (or should have deleted); " + context).isEmpty();

    // (5) explicitly: no symbolic link deleted or changed, no link target changed
    for (var e : atApply.entrySet()) {
      if (e.getValue().type() == 'l') {
        assertThat(afterApply.get(e.getKey())).as("link " + show(e.getKey())).isEqualTo(e.getValue());
      }
    }
    return new long[] {planned.size(), m.seqs.size(), built.files().size()};
  }

  private static String bucket(long n) {
    return n == 0 ? "0" : n < 5 ? "1-4" : n < 20 ? "5-19" : "20+";
  }

  private static List<String> diff(Map<String, Entry> expected, Map<String, Entry> actual) {
    List<String> out = new ArrayList<>();
    expected.forEach((path, e) -> {
      Entry a = actual.get(path);
      if (a == null) {
        out.add("GONE    " + show(path) + " (" + e + ")");
      } else if (!a.equals(e)) {
        out.add("CHANGED " + show(path) + " (" + e + " -> " + a + ")");
      }
    });
    actual.forEach((path, a) -> {
      if (!expected.containsKey(path)) {
        out.add("STILL THERE " + show(path) + " (" + a + ")");
      }
    });
    return out;
  }

  // ---- the plan against an oracle --------------------------------------------------------------

  /** What the criteria say of one regular file: in, out, or too close to an age boundary to tell. */
  enum Verdict { IN, OUT, MAYBE }

  /**
   * The criteria evaluated here, over the snapshot, the way GNU find does (-P, -maxdepth, fnmatch in
   * the C locale, -size in bytes, -newermt against the host clock read at planning). The host clock
   * is known only within [clockLow, clockHigh], so ages right at a boundary are MAYBE.
   */
  record Oracle(Criteria c, String root, long clockLow, long clockHigh) {

    Verdict verdict(String path, long size, long mtimeNanos) {
      String rel = path.substring(root.length() + 1);
      String name = rel.substring(rel.lastIndexOf('/') + 1);
      int depth = (int) rel.chars().filter(ch -> ch == '/').count() + 1;
      if (c.maxDepth() != null && depth > c.maxDepth()) {
        return Verdict.OUT;
      }
      if (!c.excludes().isEmpty() && RandomTree.anyMatches(c.excludes(), name)) {
        return Verdict.OUT;
      }
      if (!c.names().isEmpty() && !RandomTree.anyMatches(c.names(), name)) {
        return Verdict.OUT;
      }
      if (c.minSize() != null && size < c.minSize() || c.maxSize() != null && size > c.maxSize()) {
        return Verdict.OUT;
      }
      Verdict v = Verdict.IN;
      if (c.olderThan() != null) { // in when mtime <= now - age
        long s = c.olderThan().toSeconds();
        if (mtimeNanos > (clockHigh - s) * SECOND) {
          return Verdict.OUT;
        }
        if (mtimeNanos > (clockLow - s) * SECOND) {
          v = Verdict.MAYBE;
        }
      }
      if (c.newerThan() != null) { // in when mtime > now - age
        long s = c.newerThan().toSeconds();
        if (mtimeNanos <= (clockLow - s) * SECOND) {
          return Verdict.OUT;
        }
        if (mtimeNanos <= (clockHigh - s) * SECOND) {
          v = Verdict.MAYBE;
        }
      }
      return v;
    }
  }

  private static void checkPlan(Plan plan, List<PlannedFile> planned, Map<String, Entry> atPlan, Oracle oracle, Built built) {
    String context = "criteria " + plan.criteria().toMap();
    assertThat(plan.count()).as(context).isEqualTo(planned.size());
    Set<String> inPlan = new LinkedHashSet<>();
    for (PlannedFile p : planned) {
      String path = RandomTree.of(p.file().path());
      assertThat(inPlan.add(path)).as("planned twice: " + show(path)).isTrue();
      Entry e = atPlan.get(path);
      assertThat(e).as("a planned path is a real entry reached without links: " + show(path) + "; " + context).isNotNull();
      assertThat(e.type()).as("only regular files are planned: " + show(path)).isEqualTo('f');
      assertThat(new long[] {p.file().size(), p.file().mtimeNanos(), p.file().inode(), p.file().device()})
          .as("the plan holds the file's identity: " + show(path)).containsExactly(e.size(), e.mtimeNanos(), e.inode(), e.dev());
      assertThat(path).startsWith(oracle.root() + "/");
    }
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    atPlan.forEach((path, e) -> {
      if (e.type() != 'f' || !path.startsWith(oracle.root() + "/")) {
        return;
      }
      Verdict v = oracle.verdict(path, e.size(), e.mtimeNanos());
      if (v == Verdict.IN && !inPlan.contains(path)) {
        missing.add(show(path) + " (" + e + ")");
      } else if (v == Verdict.OUT && inPlan.contains(path)) {
        extra.add(show(path) + " (" + e + ")");
      }
    });
    assertThat(missing).as("files the criteria select but the plan lacks; " + context).isEmpty();
    assertThat(extra).as("files the plan takes but the criteria do not select; " + context).isEmpty();
  }

  // ---- building the tree -----------------------------------------------------------------------

  enum Kind { FILE, LINK_FILE_IN, LINK_DIR_IN, LINK_PARENT, LINK_FILE_OUT, LINK_DIR_OUT, LINK_ROOT, LINK_DANGLING }

  /** One entry to create: {@code dirs} index {@link Tree#dirNames()} (so depth is at most 4). */
  record Node(List<Integer> dirs, String name, int size, long ageNanos, Kind kind, int target) {}

  record Tree(List<String> dirNames, List<Node> nodes) {
    @Override
    public String toString() {
      return "Tree(" + nodes.size() + " entries)";
    }
  }

  /** What was created: byte-string paths. */
  record Built(List<String> files, List<String> dirs, List<String> links, String outsideFile, String outsideDir) {}

  private static Built build(Tree spec, String base, String root, String outside) throws IOException {
    long now = Instant.now().getEpochSecond() * SECOND;
    String outsideFile = outside + "/precious file";
    String outsideDir = outside + "/a dir";
    RandomTree.Ops ops = new RandomTree.Ops().dir(base).dir(root).dir(outside).dir(outsideDir)
        .file(outsideFile, 7, now - 30 * DAY).file(outsideDir + "/keep", 9, now - 30 * DAY);
    Set<String> dirs = new LinkedHashSet<>(List.of(root));
    Set<String> taken = new LinkedHashSet<>(); // non-directory entries
    List<String> files = new ArrayList<>();
    List<Node> linkNodes = new ArrayList<>();
    Map<Node, String> linkPaths = new HashMap<>();
    for (Node n : spec.nodes()) {
      String dir = root;
      boolean ok = true;
      List<String> newDirs = new ArrayList<>();
      for (int i : n.dirs()) {
        dir = dir + "/" + spec.dirNames().get(i % spec.dirNames().size());
        if (taken.contains(dir)) {
          ok = false;
          break;
        }
        if (!dirs.contains(dir) && !newDirs.contains(dir)) {
          newDirs.add(dir);
        }
      }
      String path = dir + "/" + n.name();
      if (!ok || dirs.contains(path) || newDirs.contains(path) || taken.contains(path)) {
        continue;
      }
      newDirs.forEach(d -> {
        ops.dir(d);
        dirs.add(d);
      });
      taken.add(path);
      if (n.kind() == Kind.FILE) {
        ops.file(path, n.size(), now - n.ageNanos());
        files.add(path);
      } else {
        linkNodes.add(n);
        linkPaths.put(n, path);
      }
    }
    List<String> dirList = new ArrayList<>(dirs);
    List<String> links = new ArrayList<>();
    for (Node n : linkNodes) {
      String path = linkPaths.get(n);
      String target = switch (n.kind()) {
        case LINK_FILE_IN -> files.isEmpty() ? outsideFile : files.get(n.target() % files.size());
        case LINK_DIR_IN -> dirList.get(n.target() % dirList.size());
        case LINK_PARENT -> "..";
        case LINK_FILE_OUT -> outsideFile;
        case LINK_DIR_OUT -> outsideDir;
        case LINK_ROOT -> "/";
        case LINK_DANGLING -> outside + "/no such file";
        case FILE -> throw new IllegalStateException();
      };
      ops.link(target, path);
      links.add(path);
    }
    ops.run();
    return new Built(files, dirList, links, outsideFile, outsideDir);
  }

  // ---- changes between plan and apply ----------------------------------------------------------

  enum Change { GROW, SHRINK, TOUCH, REPLACE, DELETE, TO_LINK, TO_DIR, SWAP_PARENT }

  /** The planned files that changed (by seq) and how, for messages. */
  record Mutations(Set<Long> seqs, Map<Long, String> how) {
    String describe(List<PlannedFile> planned) {
      return planned.stream().filter(p -> how.containsKey(p.seq()))
          .map(p -> p.seq() + " " + how.get(p.seq()) + " " + show(RandomTree.of(p.file().path())))
          .collect(Collectors.joining("; ", "[", "]")) + how.entrySet().stream().filter(e -> e.getKey() < 0)
          .map(e -> "; " + e.getValue()).collect(Collectors.joining());
    }
  }

  private static final long[] TOUCH_DELTAS = {1_000, 1_000_000, -SECOND, 3600 * SECOND, -2 * DAY, 7 * SECOND + 1};

  private static Mutations mutate(List<PlannedFile> planned, Map<String, Entry> atPlan, Oracle oracle, Random random, String root,
      String outside, Built built) throws IOException {
    RandomTree.Ops ops = new RandomTree.Ops();
    Map<Long, String> how = new TreeMap<>();
    Set<String> swaps = new TreeSet<>(Comparator.comparing(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    Set<String> created = new LinkedHashSet<>();
    int share = random.nextInt(60); // percent of planned files to change, per try
    for (PlannedFile p : planned) {
      if (random.nextInt(100) >= share) {
        continue;
      }
      String path = RandomTree.of(p.file().path());
      long size = p.file().size();
      long mtime = p.file().mtimeNanos();
      Change change = Change.values()[random.nextInt(Change.values().length)];
      if (change == Change.SHRINK && size == 0) {
        change = Change.GROW;
      }
      String parent = path.substring(0, path.lastIndexOf('/'));
      if (change == Change.SWAP_PARENT && parent.equals(root)) {
        change = Change.REPLACE;
      }
      String detail = change.name();
      switch (change) {
        case GROW -> ops.append(path, 1 + random.nextInt(100), mtime);
        case SHRINK -> ops.truncate(path, random.nextLong(size), mtime);
        case TOUCH -> {
          long delta = TOUCH_DELTAS[random.nextInt(TOUCH_DELTAS.length)];
          ops.touch(path, mtime + delta);
          detail += " " + delta + "ns";
        }
        case REPLACE -> ops.replace(path, size, mtime, outside + "/tmp-" + p.seq());
        case DELETE -> ops.remove(path);
        case TO_LINK -> {
          List<String> targets = new ArrayList<>(List.of(built.outsideFile(), built.outsideDir(), outside + "/dangling"));
          planned.stream().map(q -> RandomTree.of(q.file().path())).filter(q -> !q.equals(path)).findAny().ifPresent(targets::add);
          ops.remove(path).link(targets.get(random.nextInt(targets.size())), path);
        }
        case TO_DIR -> ops.remove(path).dir(path);
        case SWAP_PARENT -> swaps.add(parent);
      }
      how.put(p.seq(), detail);
    }
    // new files that match the criteria too, next to planned ones (never in the plan: must survive)
    int fresh = planned.isEmpty() ? 0 : random.nextInt(4);
    List<String> affixes = List.of("~", ".1", " new", "\u00ff", "\n");
    for (int i = 0; i < fresh; i++) {
      PlannedFile q = planned.get(random.nextInt(planned.size()));
      String qPath = RandomTree.of(q.file().path());
      String dir = qPath.substring(0, qPath.lastIndexOf('/'));
      String name = qPath.substring(qPath.lastIndexOf('/') + 1);
      List<String> candidates = new ArrayList<>();
      for (String a : affixes) {
        candidates.add(dir + "/" + name + a);
        candidates.add(dir + "/" + a + name);
      }
      candidates.add(dir + "/-" + name);
      candidates.add(dir + "/new-" + name);
      String chosen = null;
      for (String cand : candidates) {
        if (!atPlan.containsKey(cand) && !created.contains(cand) && oracle.verdict(cand, q.file().size(), q.file().mtimeNanos()) == Verdict.IN) {
          chosen = cand;
          break;
        }
      }
      if (chosen == null) {
        chosen = candidates.stream().filter(cand -> !atPlan.containsKey(cand) && !created.contains(cand)).findFirst().orElse(null);
      }
      if (chosen != null) {
        ops.exactFile(chosen, q.file().size(), q.file().mtimeNanos());
        created.add(chosen);
      }
    }
    // hard links outside the root to planned files (unchanged: the plan's name goes, the other name stays)
    List<PlannedFile> untouched = planned.stream().filter(p -> !how.containsKey(p.seq())).toList();
    if (!untouched.isEmpty() && random.nextInt(3) == 0) {
      PlannedFile q = untouched.get(random.nextInt(untouched.size()));
      ops.hardLink(RandomTree.of(q.file().path()), outside + "/hard link " + q.seq());
      how.putIfAbsent(-1L - q.seq(), "hard link outside to " + q.seq());
    }
    // rarely, the root itself swapped for a link to its moved self: every planned file must drift
    if (!planned.isEmpty() && random.nextInt(12) == 0) {
      swaps.add(root);
    }
    // directories swapped for a link to their moved self, deepest first
    int n = 0;
    for (String dir : swaps) {
      ops.swap(dir, outside + "/aside-" + n++);
    }
    ops.run();
    Set<Long> seqs = new TreeSet<>(how.keySet().stream().filter(s -> s >= 0).toList());
    for (PlannedFile p : planned) {
      String path = RandomTree.of(p.file().path());
      for (String dir : swaps) {
        if (path.startsWith(dir + "/")) {
          seqs.add(p.seq());
          how.merge(p.seq(), "under swapped " + show(dir), (a, b) -> a + ", " + b);
        }
      }
    }
    return new Mutations(seqs, how);
  }

  // ---- wiring ----------------------------------------------------------------------------------

  private static Host host() {
    EmbeddedHost t = fleet.host(HOST);
    return new Host(t.name(), t.address(), t.port(), t.user(), fleet.clientKey().toString(), List.of("web"), Map.of(), "production",
        null, null, "test");
  }

  private static Planner planner() {
    return new Planner(transport, store, audit, Clock.systemUTC(), "tester@test");
  }

  // ---- generators ------------------------------------------------------------------------------

  /** Pieces of names, as byte strings: shell and glob metacharacters, whitespace, UTF-8, and bytes that are not UTF-8. */
  static final List<String> TOKENS = List.of("a", "b", "log", ".log", ".", " ", "\n", "\t", "\r", "'", "\"", "*", "?", "[", "]",
      "\\", "-", "$", "`", "~", "{a,b}", "%s", "!", "#", ";", RandomTree.utf8("é"), RandomTree.utf8("日本"), RandomTree.utf8("\u200b"),
      "\u00ff", "\u00c3", "\u0080", "\u00fe\u00fe", "\u00e9");

  @Provide
  Arbitrary<Tree> trees() {
    Arbitrary<String> token = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(TOKENS)), Tuple.of(2, Arbitraries.of("a", "b", "log", ".log")));
    Arbitrary<String> name = token.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l))
        .map(s -> s.equals(".") || s.equals("..") ? s + "x" : s);
    Arbitrary<String> named = Combinators.combine(name, Arbitraries.of(true, false, false, false))
        .as((s, dash) -> dash ? "-" + s : s);
    Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(24, Kind.FILE), Tuple.of(1, Kind.LINK_FILE_IN), Tuple.of(1, Kind.LINK_DIR_IN),
        Tuple.of(1, Kind.LINK_PARENT), Tuple.of(1, Kind.LINK_FILE_OUT), Tuple.of(1, Kind.LINK_DIR_OUT), Tuple.of(1, Kind.LINK_ROOT),
        Tuple.of(1, Kind.LINK_DANGLING));
    Arbitrary<Node> node = Combinators.combine(Arbitraries.integers().between(0, 3).list().ofMaxSize(3), named,
        Arbitraries.integers().between(0, 5000).withDistribution(RandomDistribution.uniform()),
        Arbitraries.longs().between(0, 40 * DAY).withDistribution(RandomDistribution.uniform()), kind, Arbitraries.integers().between(0, 999))
        .as(Node::new);
    return Combinators.combine(named.list().ofMinSize(2).ofMaxSize(4), node.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform())).as(Tree::new);
  }

  /** Globs, as typed (UTF-8 text): plain, classes, negations, escapes, an unclosed bracket. */
  static final List<String> GLOBS = List.of("*", "*.log", "*a*", "?", "??*", "-*", "*[ab]*", "*[!a]*", "[a-m]*", "*\\**", "*\\?*",
      "*\\[*", "*[*", "* *", "*\n*", "*'*", "*é*", "*\\\\*", ".*", "*b", "*$*", "*日本*");

  @Provide
  Arbitrary<Criteria> criteria() {
    Arbitrary<Duration> older = Arbitraries.longs().between(0, 30 * 86_400L).withDistribution(RandomDistribution.uniform())
        .map(Duration::ofSeconds);
    Arbitrary<Duration> newer = Arbitraries.longs().between(10 * 86_400L, 41 * 86_400L).withDistribution(RandomDistribution.uniform())
        .map(Duration::ofSeconds);
    Arbitrary<Long> min = Arbitraries.longs().between(0, 3000).withDistribution(RandomDistribution.uniform());
    Arbitrary<Long> max = Arbitraries.longs().between(1500, 5200).withDistribution(RandomDistribution.uniform());
    Arbitrary<List<String>> names = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.of())),
        Tuple.of(1, Arbitraries.of(GLOBS).list().ofMinSize(1).ofMaxSize(3)));
    Arbitrary<List<String>> excludes = Arbitraries.of(GLOBS).filter(g -> !g.equals("*")).list().ofMaxSize(1).injectNull(0.3)
        .map(l -> l == null ? List.of() : l);
    return Combinators.combine(older.injectNull(0.5), newer.injectNull(0.8), min.injectNull(0.6), max.injectNull(0.8), names, excludes,
        Arbitraries.integers().between(1, 5).injectNull(0.7))
        .as((o, nw, mi, ma, n, x, depth) -> new Criteria(o, nw, mi, ma, n, x, depth, null, null, null, false, true))
        .map(c -> c.selectsEverything() ? new Criteria(null, null, null, null, List.of("*"), c.excludes(), c.maxDepth(), null, null,
            null, false, true) : c);
  }
}
