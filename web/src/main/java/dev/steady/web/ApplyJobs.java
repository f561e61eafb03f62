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

  /** One apply in progress or finished; core's listener fills it. */
  static final class Job implements ApplyListener {
    final String user;
    volatile String run;
    final Map<String, long[]> progress = new ConcurrentHashMap<>();
    final List<HostApplied> hosts = new CopyOnWriteArrayList<>();
    volatile ApplyReport report;
    volatile String failure;

    Job(String user) {
      this.user = user;
    }

    @Override
    public void started(Plan plan, String runId) {
      run = runId;
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

  Job start(String planId, String user) {
    Job job = new Job(user);
    jobs.put(planId, job);
    return job;
  }

  Optional<Job> find(String planId) {
    return Optional.ofNullable(jobs.get(planId));
  }
}
