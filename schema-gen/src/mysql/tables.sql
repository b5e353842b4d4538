-- Every base table of one database (?, else the connected one), with its comment, and every
-- view when the second ? (include_views) is set; a view's comment is the server's `VIEW`.
-- `default_schema` (the connected database) decides whether table names are printed
-- qualified. MariaDB's system-versioned tables are base tables with a history.
-- Tables and their columns are read by two queries, each restricted to the database by a
-- constant, and joined by the caller: MariaDB evaluates a join of TABLES and COLUMNS table
-- by table, opening each one again, so the join costs far more than the two reads
-- (docs/PERFORMANCE.md). Table names whose first two characters are underscores are bookkeeping.
SELECT
    TABLE_NAME AS table_name,
    NULLIF(TABLE_COMMENT, '') AS table_comment,
    DATABASE() AS default_schema,
    CAST(TABLE_TYPE = 'SYSTEM VERSIONED' AS SIGNED) AS versioned,
    CAST(TABLE_TYPE = 'VIEW' AS SIGNED) AS is_view
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = COALESCE(?, DATABASE())
  AND (TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') OR (TABLE_TYPE = 'VIEW' AND ?))
  AND TABLE_NAME NOT LIKE '\_\_%'
