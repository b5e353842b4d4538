-- Every column of every user table in one query: the table-valued pragma functions take the
-- table name from the outer row, so the cost does not grow with a query per table.
-- Internal tables (sqlite_*) and ledger-like tables (names starting with "__") are skipped,
-- as diesel_cli skips them. table_xinfo (not table_info) includes generated columns.
SELECT
    m.name AS table_name,
    l.wr AS without_rowid,
    c.cid AS cid,
    c.name AS column_name,
    c.type AS type_name,
    c."notnull" AS not_null,
    c.pk AS pk_position
FROM sqlite_schema AS m
JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = m.name
JOIN pragma_table_xinfo(m.name) AS c
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND m.name NOT LIKE '\_\_%' ESCAPE '\'
ORDER BY m.name, c.cid
