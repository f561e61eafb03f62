-- The head of what a run's commands printed (issue 12), for the console's row details. Portable SQL:
-- SQLite and PostgreSQL.
-- Output may hold secrets (a token echoed by a start script, a connection string in a stack trace),
-- so it is NOT in the hash-chained audit table: the audit keeps each stream's SHA-256 only, and this
-- table can be emptied, or its old rows deleted, without breaking `steady audit verify`. Retention:
-- rows live as long as their run (ON DELETE CASCADE); a team that must not keep output at rest
-- deletes from run_outputs on its own schedule (e.g. DELETE FROM run_outputs WHERE at < '2025-01-01').
-- At most 16 KiB of each stream per start of an action (ActionOutput.HEAD_BYTES), as UTF-8 text;
-- *_kept is how many bytes were kept, *_bytes how many the command printed.
CREATE TABLE run_outputs (
  run          TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  host         TEXT        NOT NULL,
  step         TEXT        NOT NULL,
  attempt      INTEGER     NOT NULL,
  exit_status  INTEGER,
  stdout       TEXT        NOT NULL,
  stdout_kept  BIGINT      NOT NULL,
  stdout_bytes BIGINT      NOT NULL,
  stderr       TEXT        NOT NULL,
  stderr_kept  BIGINT      NOT NULL,
  stderr_bytes BIGINT      NOT NULL,
  at           VARCHAR(24) NOT NULL,
  PRIMARY KEY (run, host, step, attempt)
);
