package dev.steady.run;

/** Events of a run, for front ends: the live checklist. */
public interface RunListener {

  /**
   * The run was created (or a resume took it over) and holds its hosts, before a row moves: a front
   * end that started it in the background can now show it by its id.
   */
  default void started(RunInfo run) {}

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
