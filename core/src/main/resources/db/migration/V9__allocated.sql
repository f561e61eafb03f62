-- Freed space (issue 12). Portable SQL: SQLite and PostgreSQL.
-- The disk space a planned file takes (st_blocks x 512, from find's %b): what deleting it frees at
-- most. A sparse file's size says nothing about it. Null for files planned before this version.
ALTER TABLE plan_files ADD COLUMN allocated BIGINT;
