-- Every column of one database's tables and views (?, else the connected one), with the
-- values diesel_cli reads from information_schema table by table; tables.sql says which
-- tables are printed, and the caller joins the two by exact name (with
-- lower_case_table_names=0, Linux's default, `Users` and `users` are two tables, which
-- information_schema's case-insensitive collation would merge) and orders the columns.
-- `row_end` marks the column that ends a system-versioned row's validity, which MariaDB
-- adds to every unique key.
SELECT
    TABLE_NAME AS table_name,
    COLUMN_NAME AS column_name,
    COLUMN_TYPE AS column_type,
    CAST(IS_NULLABLE = 'YES' AS SIGNED) AS nullable,
    CAST(CHARACTER_MAXIMUM_LENGTH AS SIGNED) AS max_length,
    NULLIF(COLUMN_COMMENT, '') AS column_comment,
    CAST(GENERATION_EXPRESSION <=> 'ROW END' AS SIGNED) AS row_end,
    CAST(ORDINAL_POSITION AS SIGNED) AS position
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = COALESCE(?, DATABASE())
