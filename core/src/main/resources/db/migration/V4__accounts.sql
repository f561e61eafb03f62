-- Console accounts and four-eyes approvals (DESIGN.md: web console). Passwords are stored only as
-- Argon2id hashes in PHC form. Portable SQL: SQLite and PostgreSQL.
CREATE TABLE users (
  name          TEXT        NOT NULL PRIMARY KEY,
  role          TEXT        NOT NULL,
  password_hash TEXT        NOT NULL,
  created_at    VARCHAR(24) NOT NULL
);

-- subject is 'plan:<id>' or 'run:<id>'; granting sets approver once (UPDATE … WHERE approver IS NULL).
CREATE TABLE approvals (
  subject      TEXT        NOT NULL PRIMARY KEY,
  author       TEXT        NOT NULL,
  requested_at VARCHAR(24) NOT NULL,
  approver     TEXT,
  approved_at  VARCHAR(24)
);
