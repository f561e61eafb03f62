package dev.steady.exec;

import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import dev.steady.transport.CommandResult;

/** What happened on one host of a fan-out. Only {@link Ran} means the command ran there. */
public sealed interface HostOutcome {

  Host host();

  /** The identity verdict on the connection used (never null). */
  Identity identity();

  /** The state of DESIGN.md §6: ok, failed, refused, unreachable. */
  String state();

  /** The command ran to its end: ok when it exited 0, failed otherwise. */
  record Ran(Host host, Identity identity, CommandResult result) implements HostOutcome {
    public String state() {
      return result.succeeded() ? "ok" : "failed";
    }
  }

  /** The identity was proven and the command started, but it did not report an end (dropped connection, timeout). */
  record Broken(Host host, Identity identity, String reason) implements HostOutcome {
    public String state() {
      return "failed";
    }
  }

  /** Identity refused (unknown or changed key, wrong hostname): nothing ran. */
  record Refused(Host host, Identity identity) implements HostOutcome {
    public String state() {
      return "refused";
    }
  }

  /** Could not connect or log in: nothing ran. */
  record Unreachable(Host host, Identity identity) implements HostOutcome {
    public String state() {
      return "unreachable";
    }
  }
}
