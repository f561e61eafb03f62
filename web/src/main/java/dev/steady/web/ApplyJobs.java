package dev.steady.web;

import dev.steady.plan.ApplyListener;
import dev.steady.plan.ApplyReport;
import dev.steady.plan.HostApplied;
import dev.steady.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Applies started from this console, by plan id: their progress as core reports it, and the final report. */
final class ApplyJobs {

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** One apply in progress or finished; core's listener fills it. It is listed once core has claimed the plan. */
  final class Job implements ApplyListener {
    final String user;
    private final String planId;
    volatile String run;
    final Map<String, long[]> progress = new ConcurrentHashMap<>();
    final List<HostApplied> hosts = new CopyOnWriteArrayList<>();
    volatile ApplyReport report;
    volatile String failure;

    Job(String planId, String user) {
      this.planId = planId;
      this.user = user;
    }

    @Override
    public void started(Plan plan, String runId) {
      run = runId;
      jobs.put(planId, this);
    }

    @Override
    public void progress(String host, long files, long bytes) {
      progress.put(host, new long[] {files, bytes});
    }

    @Override
    public void hostDone(HostApplied host) {
      hosts.add(host);
    }

    boolean running() {
      return report == null && failure == null;
    }
  }

  /** A job for an apply about to be asked of core; a refused apply (wrong token…) never shows up. */
  Job prepare(String planId, String user) {
    return new Job(planId, user);
  }

  Optional<Job> find(String planId) {
    return Optional.ofNullable(jobs.get(planId));
  }
}
