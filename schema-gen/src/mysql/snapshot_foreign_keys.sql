-- Snapshot, 4 of 8: every foreign key column pair. Its ON UPDATE/ON DELETE rules come from
-- the next query, and the caller joins the two by exact table and key name: MariaDB
-- evaluates a join of KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS table by table, as it
-- does TABLES and COLUMNS, while each read alone, restricted to the database by a
-- constant, is one pass.
SELECT
    TABLE_NAME AS table_name,
    CONSTRAINT_NAME AS name,
    CAST(ORDINAL_POSITION AS SIGNED) AS position,
    COLUMN_NAME AS column_name,
    REFERENCED_TABLE_NAME AS parent_table,
    REFERENCED_COLUMN_NAME AS parent_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE()
  AND REFERENCED_TABLE_NAME IS NOT NULL
