-- Snapshot, 1 of 8: every base table of the connected database with its engine and
-- collation. Its columns come from snapshot_columns.sql, joined by the caller: MariaDB
-- evaluates a join of TABLES and COLUMNS table by table, opening each table again, so the
-- join costs far more than the two reads (docs/PERFORMANCE.md).
SELECT
    TABLE_NAME AS table_name,
    ENGINE AS engine,
    TABLE_COLLATION AS table_collation
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_TYPE = 'BASE TABLE'
