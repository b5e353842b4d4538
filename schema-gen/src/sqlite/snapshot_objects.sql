-- Snapshot, 1 of 4: every table, view, trigger and index SQLite stores, with its CREATE
-- text (checks, index expressions and partial-index predicates exist only there).
-- sqlite_* objects are SQLite's own; automatic indexes are read from the pragmas.
SELECT type AS object_type, name, tbl_name AS table_name, sql
FROM sqlite_schema
WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'
