-- Cleanup plans (DESIGN.md invariant 4): a header row, the files streamed in per host, and what
-- apply did with each file. The key column and the bytes type are Flyway placeholders (Dialect).
CREATE TABLE plans (
  plan_key   ${plan_key},
  id         VARCHAR(64) UNIQUE,
  header     TEXT,
  state      TEXT        NOT NULL,
  run        TEXT,
  changed_at TEXT        NOT NULL,
  created_at TEXT        NOT NULL
);

-- path holds the exact bytes of the file name: file names are bytes, not text.
CREATE TABLE plan_files (
  plan_key BIGINT   NOT NULL REFERENCES plans (plan_key) ON DELETE CASCADE,
  host     TEXT     NOT NULL,
  seq      BIGINT   NOT NULL,
  path     ${bytes} NOT NULL,
  size     BIGINT   NOT NULL,
  mtime_ns BIGINT   NOT NULL,
  inode    BIGINT   NOT NULL,
  device   BIGINT   NOT NULL,
  PRIMARY KEY (plan_key, host, seq)
);

-- Only files of the plan can have a result.
CREATE TABLE plan_results (
  plan_key BIGINT NOT NULL,
  host     TEXT   NOT NULL,
  seq      BIGINT NOT NULL,
  outcome  TEXT   NOT NULL,
  reason   TEXT,
  PRIMARY KEY (plan_key, host, seq),
  FOREIGN KEY (plan_key, host, seq) REFERENCES plan_files (plan_key, host, seq) ON DELETE CASCADE
);
