package dev.steady.plan;

/** Progress of an apply, for front ends (a terminal progress bar, the console's live feed). */
public interface ApplyListener {

  /** The plan passed every check and was claimed; deletion starts. */
  default void started(Plan plan, String run) {}

  /** On {@code host}, {@code files} planned files were handled so far, {@code bytes} freed. */
  default void progress(String host, long files, long bytes) {}

  /** A host is finished (any order). */
  default void hostDone(HostApplied host) {}
}
