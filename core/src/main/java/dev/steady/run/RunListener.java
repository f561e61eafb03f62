package dev.steady.run;

/** Events of a run, for front ends: the live checklist. */
public interface RunListener {

  /** A row changed state (after the change was stored). */
  default void rowChanged(RunRow row) {}

  /**
   * Something the operator must know while the run goes on, one line: the store became unreachable
   * (new rows paused) or reachable again, or another controller took the run over.
   */
  default void notice(String message) {}

  /** The run ended (or stopped). */
  default void finished(RunInfo run) {}
}
