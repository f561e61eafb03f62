package dev.steady.web;

import dev.steady.inventory.Host;
import dev.steady.plan.HostPlan;
import dev.steady.plan.PlanListener;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cleanup plans being made from this console: each job's progress as core's planner reports it
 * (files matched so far per host), then the plan's id or the one-line reason it was refused. Jobs
 * live as long as the console; a plan itself lives in the store.
 */
final class PlanJobs {

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** One planning; core's listener fills it. */
  static final class Job implements PlanListener {
    final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    final String user;
    final String target;
    final String root;
    final Map<String, Long> listing = new ConcurrentHashMap<>();
    volatile String plan;
    volatile String failure;

    Job(String user, String target, String root) {
      this.user = user;
      this.target = target;
      this.root = root;
    }

    @Override
    public void listing(Host host, long files) {
      listing.put(host.name(), files);
    }

    @Override
    public void listed(HostPlan plan) {
      listing.put(plan.name(), plan.count());
    }

    boolean running() {
      return plan == null && failure == null;
    }
  }

  Job start(String user, String target, String root) {
    Job job = new Job(user, target, root);
    jobs.put(job.id, job);
    return job;
  }

  /** A planning core refused at once: its reason was shown on the form, there is nothing to follow. */
  void forget(String id) {
    jobs.remove(id);
  }

  Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }
}
