-- Every column of every user table in one query: the table-valued pragma function takes the
-- table name from the outer row, so the cost does not grow with a query per table.
-- Internal tables (sqlite_*) and ledger-like tables (names starting with "__") are skipped,
-- as diesel_cli skips them. table_xinfo (not table_info) includes generated columns.
-- There is no ORDER BY: sorting 20,000 rows by name cost more than the rest of the query
-- on a 1,000-table schema; rows are grouped by table and ordered by cid after loading.
-- WITHOUT ROWID comes from tables.sql: joining pragma_table_list here made SQLite list
-- every table once per table.
SELECT
    m.name AS table_name,
    c.cid AS cid,
    c.name AS column_name,
    c.type AS type_name,
    c."notnull" AS not_null,
    c.pk AS pk_position
FROM sqlite_schema AS m
JOIN pragma_table_xinfo(m.name, 'main') AS c
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND m.name NOT LIKE '\_\_%' ESCAPE '\'
