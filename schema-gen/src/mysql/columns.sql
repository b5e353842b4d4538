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
SELECT
    t.TABLE_NAME AS table_name,
    NULLIF(t.TABLE_COMMENT, '') AS table_comment,
    c.COLUMN_NAME AS column_name,
    c.COLUMN_TYPE AS column_type,
    CAST(c.IS_NULLABLE = 'YES' AS SIGNED) AS nullable,
    CAST(c.CHARACTER_MAXIMUM_LENGTH AS SIGNED) AS max_length,
    NULLIF(c.COLUMN_COMMENT, '') AS column_comment,
    DATABASE() AS default_schema
FROM information_schema.TABLES AS t
JOIN information_schema.COLUMNS AS c
    ON c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE())
  AND c.TABLE_SCHEMA = COALESCE(?, DATABASE())
  AND t.TABLE_TYPE LIKE 'BASE TABLE'
  AND t.TABLE_NAME NOT LIKE '\_\_%'
ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION
