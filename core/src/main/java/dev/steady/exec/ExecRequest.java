package dev.steady.exec;

import dev.steady.inventory.Host;
import java.time.Duration;
import java.util.List;

/**
 * One command to run on a selection of hosts.
 *
 * @param target the target expression as the user typed it (for the audit log)
 * @param hosts the selected hosts, in inventory order
 * @param command the command line, passed to each host's shell unchanged
 * @param concurrency how many hosts are worked on at once
 * @param timeout how long the command may run on each host
 * @param outputCap bytes of stdout and of stderr kept per host (the rest is counted and digested)
 */
public record ExecRequest(String target, List<Host> hosts, String command, int concurrency, Duration timeout, int outputCap) {

  public ExecRequest {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("no hosts");
    }
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("empty command");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
  }
}
