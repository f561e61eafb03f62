-- Exactly once (invariant 5, issue 10). Portable SQL: SQLite and PostgreSQL.
-- What a row's action is known to have done, stored with the row so it survives any number of
-- crashes: actions_ended counts the action starts whose end is recorded (the action returned, or an
-- operator reopened the row and so wrote earlier starts off); action_exit is the exit status of the
-- action that returned last since the row was (re)opened. actions > actions_ended: an action may
-- have run and nobody knows how it ended. Rows stored before this version have no recorded end.
ALTER TABLE run_rows ADD COLUMN actions_ended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_rows ADD COLUMN action_exit INTEGER;

-- The controller process holding a lease: a controller on this machine (same host name and boot id)
-- whose process is gone is dead at once, without waiting for the lease TTL. Null: not recorded.
ALTER TABLE leases ADD COLUMN controller_host TEXT;
ALTER TABLE leases ADD COLUMN controller_pid BIGINT;
ALTER TABLE leases ADD COLUMN controller_started VARCHAR(24);
ALTER TABLE leases ADD COLUMN controller_boot TEXT;
