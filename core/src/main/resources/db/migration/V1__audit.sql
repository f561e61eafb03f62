-- The hash-chained audit log (DESIGN.md invariant 6). Portable SQL: SQLite and PostgreSQL.
CREATE TABLE audit (
  seq       BIGINT      NOT NULL PRIMARY KEY,
  at        VARCHAR(24) NOT NULL,
  actor     TEXT        NOT NULL,
  action    TEXT        NOT NULL,
  host      TEXT,
  run       TEXT,
  data      TEXT        NOT NULL,
  prev_hash VARCHAR(64) NOT NULL,
  hash      VARCHAR(64) NOT NULL
);

CREATE INDEX audit_run ON audit (run, seq);

-- The newest entry, updated in the same transaction as each append: removing the newest
-- entries leaves the head pointing past the end of the log.
CREATE TABLE audit_head (
  id        INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
  last_seq  BIGINT      NOT NULL,
  last_hash VARCHAR(64) NOT NULL
);

INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
