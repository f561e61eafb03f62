package dev.steady.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller process that holds a run's host leases: its machine (host name and boot id) and
 * its process (pid and start time). A controller that ran on this machine since its last boot and
 * whose process is gone is known dead at once, so {@code steady resume} takes its run over without
 * waiting for the lease TTL; a controller on another machine is judged by its heartbeat alone.
 *
 * @param hostName the machine's host name, as its kernel tells it
 * @param pid the controller's process id
 * @param startedAt when that process started, to the millisecond; null when the OS does not say
 * @param bootId the machine's boot id ({@code /proc/sys/kernel/random/boot_id}); null where there is
 *     none, and then no process is ever judged dead by its pid
 */
public record Controller(String hostName, long pid, Instant startedAt, String bootId) {

  /**
   * Two processes may compute one start time a second apart (Linux derives it from a boot time
   * counted in seconds); a pid is reused only after the pid space wrapped, far later than this.
   */
  private static final Duration SAME_START = Duration.ofSeconds(2);

  private static final Controller CURRENT = find();

  public Controller {
    Objects.requireNonNull(hostName, "hostName");
    startedAt = startedAt == null ? null : startedAt.truncatedTo(ChronoUnit.MILLIS);
  }

  /** This process. */
  public static Controller current() {
    return CURRENT;
  }

  /**
   * Whether this controller is provably no longer running, as this process sees it: it ran on this
   * machine since its last boot, and its pid is free, a zombie, or names a process started at
   * another time (the pid was reused). A controller on another machine, or one this machine cannot
   * judge, is never provably gone: only its heartbeat's age tells.
   */
  public boolean provablyGone() {
    return goneSeenFrom(CURRENT);
  }

  boolean goneSeenFrom(Controller here) {
    if (bootId == null || !bootId.equals(here.bootId) || !hostName.equals(here.hostName)) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive() || zombie(pid)) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return startedAt != null && started.isPresent() && Duration.between(startedAt, started.get()).abs().compareTo(SAME_START) > 0;
  }

  /** How messages name it: {@code pid 4242 on vm-3}. */
  public String describe() {
    return "pid " + pid + " on " + hostName;
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // cannot tell: not proof of death
    }
  }

  private static Controller find() {
    ProcessHandle self = ProcessHandle.current();
    return new Controller(localHostName(), self.pid(), self.info().startInstant().orElse(null), read("/proc/sys/kernel/random/boot_id"));
  }

  private static String localHostName() {
    String kernel = read("/proc/sys/kernel/hostname");
    if (kernel != null) {
      return kernel;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static String read(String file) {
    try {
      String text = Files.readString(Path.of(file)).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException | RuntimeException e) {
      return null; // not Linux, or hidden: this machine cannot be told by it
    }
  }
}
