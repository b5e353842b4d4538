-- The user tables of the main database by the id columns.sql gives them, with whether each
-- is WITHOUT ROWID, and the views too when the bound flag (include_views) is set. The IN list is uncorrelated, so SQLite lists the tables once for it;
-- joining pragma_table_list to columns.sql instead made it list every table once per table.
SELECT
    m.rowid AS table_id,
    m.name AS table_name,
    m.name IN (
        SELECT name FROM pragma_table_list
        WHERE schema = 'main' AND type = 'table' AND wr = 1
    ) AS without_rowid,
    m.type = 'view' AS is_view
FROM sqlite_schema AS m
WHERE (m.type = 'table' OR (m.type = 'view' AND ?))
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND m.name NOT LIKE '\_\_%' ESCAPE '\'
