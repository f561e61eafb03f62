package dev.steady.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where plans live (the store implements it). Files are streamed in and out in batches, so a plan
 * of a million files never sits whole in memory; claiming a plan for apply is atomic, so a plan is
 * applied once even by two engineers at the same moment.
 */
public interface PlanStorage {

  /** Starts a draft to stream files into; returns its key. */
  long createDraft();

  /** Appends files of {@code host} to a draft, in order (seq continues per host from 0). */
  void appendFiles(long draft, String host, List<FileEntry> batch);

  /** Streams the files of {@code host} in a draft or sealed plan, in seq order. */
  void forEachFile(long draft, String host, Consumer<PlannedFile> sink);

  /**
   * One page of the files of {@code host} in a draft or sealed plan, in seq order: at most {@code
   * limit} files after {@code afterSeq} (-1 for the first page) whose path contains {@code
   * contains} as bytes of its UTF-8 form (null or empty: every file). Reads only what the page
   * needs, so it stays fast on a plan of a million files.
   */
  List<PlannedFile> filesPage(long draft, String host, String contains, long afterSeq, int limit);

  /** Stores the header of a finished draft under {@code plan.id()}; from now on it is findable. */
  void sealDraft(long draft, Plan plan);

  /** Forgets a draft that will not become a plan (refused by a guard, planning failed). */
  void deleteDraft(long draft);

  /**
   * Finds a plan by id or by an unambiguous id prefix of at least 8 characters.
   *
   * @throws dev.steady.failure.SteadyException bad input when the prefix is ambiguous or too short
   */
  Optional<Plan> findPlan(String idOrPrefix);

  /** The draft key of a sealed plan (to stream its files). */
  long draftOf(String planId);

  PlanState planState(String planId);

  /**
   * Atomically moves a plan from planned to applying for {@code run}. Returns false when it is not
   * in state planned (already applied, or claimed by another run).
   */
  boolean claimForApply(String planId, String run, Instant now);

  /** Moves a plan from applying to applied. */
  void finishApply(String planId, String run, Instant now);

  /** Records what apply did with files of {@code host}, in one transaction. */
  void recordFileResults(String planId, String host, List<FileResult> results);

  /** The results recorded so far for {@code host}, in seq order (to resume or report). */
  void forEachFileResult(String planId, String host, Consumer<FileResult> sink);

  /** What apply did with the files of {@code host} so far, summed (one query, whatever the plan's size). */
  default ResultTally resultTally(String planId, String host) {
    throw new UnsupportedOperationException("this storage keeps no results");
  }

  /** The newest plans, newest last (for listings). */
  List<Plan> recentPlans(int limit);
}
