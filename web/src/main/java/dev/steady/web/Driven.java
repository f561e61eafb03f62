package dev.steady.web;

import dev.steady.run.RunEngine;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The runs this console process drives right now (resumed from a page), so stop can reach their engine. */
final class Driven {

  private final Map<String, RunEngine> engines = new ConcurrentHashMap<>();

  void started(String run, RunEngine engine) {
    engines.put(run, engine);
  }

  void ended(String run, RunEngine engine) {
    engines.remove(run, engine);
  }

  Optional<RunEngine> engine(String run) {
    return Optional.ofNullable(engines.get(run));
  }

  /** Asks every driven run to stop (console shutdown): running rows finish, none starts. */
  void stopAll() {
    engines.values().forEach(RunEngine::stop);
  }
}
