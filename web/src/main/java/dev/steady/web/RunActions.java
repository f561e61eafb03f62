package dev.steady.web;

import dev.steady.run.HostLeases;
import dev.steady.run.Resumable;
import dev.steady.run.RunInfo;
import dev.steady.run.RunStorage;
import java.time.Clock;
import java.util.Optional;

/**
 * Whether a run's Resume and Stop buttons may be used now, and if not why, for the page, the live
 * feed and the routes alike: resume is core's question ({@link Resumable}, the checks resume itself
 * refuses with); stop reaches only an engine this console process drives. Role reasons depend on
 * who looks and are added per session ({@link Access#roleRefusal}).
 */
final class RunActions {

  private final RunStorage store;
  private final Driven driven;
  private final Clock clock;

  RunActions(RunStorage store, Driven driven, Clock clock) {
    this.store = store;
    this.driven = driven;
    this.clock = clock;
  }

  Optional<String> whyNotResume(String run) {
    return Resumable.whyNot(store, run, clock.instant());
  }

  /** Empty when this console drives {@code run}; else who does, and how that person stops it. */
  Optional<String> whyNotStop(RunInfo run) {
    if (driven.engine(run.id()).isPresent()) {
      return Optional.empty();
    }
    if (!"running".equals(run.state())) {
      return Optional.of("run " + run.id() + " is not running (state " + run.state() + "); nothing to stop");
    }
    String holder = Optional.ofNullable(HostLeases.holder(store, run.id(), clock.instant())).orElse(run.user());
    return Optional.of("This console does not drive run " + run.id() + ": " + holder + " drives it from another process; "
        + "Ctrl-C in that terminal stops it (then resume it here or there).");
  }

  Driven driven() {
    return driven;
  }
}
