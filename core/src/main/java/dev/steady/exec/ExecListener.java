package dev.steady.exec;

import dev.steady.identity.Identity;
import dev.steady.inventory.Host;

/** Events of a fan-out, for front ends; outcomes arrive in inventory order, never interleaved. */
public interface ExecListener {

  /** A host's identity was checked (any order, as hosts answer). */
  default void identityChecked(Host host, Identity identity) {}

  /** A host is finished; called in inventory order, one host at a time. */
  default void hostDone(HostOutcome outcome) {}
}
