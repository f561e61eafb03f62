-- Runs (DESIGN.md invariants 5 and 8): a header per run, its checklist of (host, step) rows, and
-- the leases of the hosts held by unfinished runs. Timestamps are ISO-8601 UTC text with
-- millisecond precision, like the audit table. Portable SQL: SQLite and PostgreSQL.
-- seq orders runs created in the same millisecond (recentRuns, newest last).
CREATE TABLE runs (
  id         TEXT        NOT NULL PRIMARY KEY,
  seq        BIGINT      NOT NULL,
  kind       TEXT        NOT NULL,
  state      TEXT        NOT NULL,
  all_clear  BOOLEAN     NOT NULL,
  user_name  TEXT        NOT NULL,
  target     TEXT,
  started_at VARCHAR(24) NOT NULL,
  ended_at   VARCHAR(24),
  spec       TEXT
);

CREATE INDEX runs_newest ON runs (started_at, seq);

-- One row per (host, step); each transition is one short update, durable before the next action.
CREATE TABLE run_rows (
  run         TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  host        TEXT        NOT NULL,
  step        TEXT        NOT NULL,
  position    INTEGER     NOT NULL,
  state       TEXT        NOT NULL,
  exit_status INTEGER,
  started_at  VARCHAR(24),
  ended_at    VARCHAR(24),
  actions     INTEGER     NOT NULL DEFAULT 0,
  message     TEXT,
  PRIMARY KEY (run, host, step)
);

CREATE INDEX run_rows_order ON run_rows (run, position);

-- A host is held by at most one run: the primary key is the lock.
CREATE TABLE leases (
  host         TEXT        NOT NULL PRIMARY KEY,
  run          TEXT        NOT NULL,
  user_name    TEXT        NOT NULL,
  acquired_at  VARCHAR(24) NOT NULL,
  heartbeat_at VARCHAR(24) NOT NULL
);

CREATE INDEX leases_run ON leases (run);
