-- Every column of every base table in one database (?, else the connected one), in one
-- query, with the values diesel_cli reads from information_schema table by table.
-- `default_schema` (the connected database) decides whether table names are printed
-- qualified.
-- Both information_schema tables are restricted to the database by a constant: MariaDB
-- reads only the databases such a condition names, and a join condition (or a LEFT JOIN's
-- ON) is not one, so COLUMNS was read for every database on the server ("Scanned all
-- databases" in EXPLAIN). With an inner join, a table the server lists but cannot open
-- (a missing engine plugin or data file) and so has no COLUMNS rows for is left out,
-- where before it was printed with no columns.
-- Table names are compared and sorted byte for byte: with lower_case_table_names=0 (Linux's
-- default) `Users` and `users` are two tables, and information_schema's case-insensitive
-- collation would join and interleave their columns.
-- MariaDB's system-versioned tables are base tables with a history; `row_end` marks the
-- column that ends a row's validity, which MariaDB adds to every unique key.
SELECT
    t.TABLE_NAME AS table_name,
    NULLIF(t.TABLE_COMMENT, '') AS table_comment,
    c.COLUMN_NAME AS column_name,
    c.COLUMN_TYPE AS column_type,
    CAST(c.IS_NULLABLE = 'YES' AS SIGNED) AS nullable,
    CAST(c.CHARACTER_MAXIMUM_LENGTH AS SIGNED) AS max_length,
    NULLIF(c.COLUMN_COMMENT, '') AS column_comment,
    DATABASE() AS default_schema,
    CAST(t.TABLE_TYPE = 'SYSTEM VERSIONED' AS SIGNED) AS versioned,
    CAST(c.GENERATION_EXPRESSION <=> 'ROW END' AS SIGNED) AS row_end
FROM information_schema.TABLES AS t
JOIN information_schema.COLUMNS AS c
    ON CAST(c.TABLE_NAME AS BINARY) = CAST(t.TABLE_NAME AS BINARY)
WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE())
  AND c.TABLE_SCHEMA = COALESCE(?, DATABASE())
  AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
  AND t.TABLE_NAME NOT LIKE '\_\_%'
ORDER BY CAST(t.TABLE_NAME AS BINARY), c.ORDINAL_POSITION
