package dev.steady.store;

import dev.steady.plan.Criteria;
import dev.steady.plan.FileEntry;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import dev.steady.plan.PlanJson;
import dev.steady.plan.PlanStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plans for store tests: files written to a draft, and a header whose totals match them. */
final class TestPlans {

  static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456789Z");

  private TestPlans() {}

  static FileEntry file(String path, long size) {
    return file(path.getBytes(StandardCharsets.UTF_8), size);
  }

  static FileEntry file(byte[] path, long size) {
    return new FileEntry(path, size, 1_700_000_000_123_456_789L + size, 1000 + size, 64769);
  }

  /** Appends {@code files} per host to a new draft and seals it under its computed id. */
  static Plan seal(PlanStorage store, Map<String, List<FileEntry>> files) {
    long draft = store.createDraft();
    files.forEach((host, list) -> store.appendFiles(draft, host, list));
    Plan header = header(files);
    Plan plan = header.withId(PlanJson.id(header, store, draft), "tok-" + draft);
    store.sealDraft(draft, plan);
    return plan;
  }

  static Plan header(Map<String, List<FileEntry>> files) {
    List<HostPlan> hosts = new ArrayList<>();
    long count = 0;
    long bytes = 0;
    for (var e : files.entrySet()) {
      long hostBytes = e.getValue().stream().mapToLong(FileEntry::size).sum();
      hosts.add(new HostPlan(e.getKey(), "/var/log/app", e.getValue().size(), hostBytes, 100,
          1L << 30, 1L << 34, 1, 2, List.of(), e.getValue().stream().limit(2).toList(),
          Map.of("newer than --older-than", 3L), Map.of(), List.of()));
      count += e.getValue().size();
      bytes += hostBytes;
    }
    Criteria criteria = new Criteria(Duration.ofDays(14), null, null, null, List.of("*.log"),
        List.of(), null, null, null, null, false, false);
    return new Plan(null, null, AT, AT.plus(Duration.ofHours(1)), "ops@ctl", "web", criteria,
        List.of(), hosts, count, bytes);
  }

  /** A plan header with a given id, for tests of id lookup (the store does not recompute ids). */
  static Plan withId(String id) {
    return header(Map.of()).withId(id, "tok");
  }
}
