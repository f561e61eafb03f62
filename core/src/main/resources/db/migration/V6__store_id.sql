-- The store's identity (DESIGN.md invariant 6): a random id generated once, here, so that a
-- controller's checkpoints of the audit head (its anchor file) name the store they vouch for.
-- The random expression is a Flyway placeholder (Dialect); the rest is portable SQL.
CREATE TABLE store_identity (
  id       INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
  store_id VARCHAR(64) NOT NULL
);

INSERT INTO store_identity (id, store_id) VALUES (1, ${random_id});
