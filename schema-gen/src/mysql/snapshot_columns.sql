-- Snapshot, 1 of 6: every base table of the connected database with its engine and
-- collation, and its columns: full type, nullability, default, EXTRA (auto_increment,
-- ON UPDATE, VIRTUAL GENERATED …), generation expression and collation. Each
-- information_schema table is restricted to the database by a constant, as in columns.sql
-- (else MariaDB reads COLUMNS for every database on the server).
SELECT
    t.TABLE_NAME AS table_name,
    t.ENGINE AS engine,
    t.TABLE_COLLATION AS table_collation,
    CAST(c.ORDINAL_POSITION AS SIGNED) AS position,
    c.COLUMN_NAME AS column_name,
    c.COLUMN_TYPE AS column_type,
    CAST(c.IS_NULLABLE = 'YES' AS SIGNED) AS nullable,
    c.COLUMN_DEFAULT AS default_value,
    NULLIF(c.EXTRA, '') AS extra,
    NULLIF(c.GENERATION_EXPRESSION, '') AS generation_expression,
    c.COLLATION_NAME AS collation
FROM information_schema.TABLES AS t
JOIN information_schema.COLUMNS AS c
    ON c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA = DATABASE()
  AND c.TABLE_SCHEMA = DATABASE()
  AND t.TABLE_TYPE = 'BASE TABLE'
