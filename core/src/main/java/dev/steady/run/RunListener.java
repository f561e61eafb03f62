package dev.steady.run;

/** Events of a run, for front ends: the live checklist. */
public interface RunListener {

  /** A row changed state (after the change was stored). */
  default void rowChanged(RunRow row) {}

  /** The run ended (or stopped). */
  default void finished(RunInfo run) {}
}
