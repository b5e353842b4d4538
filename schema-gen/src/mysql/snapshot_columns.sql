-- Snapshot, 2 of 8: every column of the connected database's tables and views: full type,
-- nullability, default, EXTRA (auto_increment, ON UPDATE, VIRTUAL GENERATED …), generation
-- expression and collation. Restricted to the database by a constant, as every
-- information_schema read here (else MariaDB reads COLUMNS for every database on the
-- server); snapshot_tables.sql says which are base tables.
SELECT
    TABLE_NAME AS table_name,
    CAST(ORDINAL_POSITION AS SIGNED) AS position,
    COLUMN_NAME AS column_name,
    COLUMN_TYPE AS column_type,
    CAST(IS_NULLABLE = 'YES' AS SIGNED) AS nullable,
    COLUMN_DEFAULT AS default_value,
    NULLIF(EXTRA, '') AS extra,
    NULLIF(GENERATION_EXPRESSION, '') AS generation_expression,
    COLLATION_NAME AS collation
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
