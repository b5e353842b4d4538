-- Every column of every user table (and view, when the bound flag is set) in one query: the table-valued pragma function takes the
-- table name from the outer row, so the cost does not grow with a query per table.
-- Internal tables (sqlite_*) and ledger-like tables (names starting with "__") are skipped,
-- as diesel_cli skips them. table_xinfo (not table_info) includes generated columns.
-- Each row names its table by sqlite_schema's rowid, not by name: a big schema has tens of
-- thousands of column rows, and each would otherwise carry (and be sorted by) a copy of the
-- name; tables.sql maps the ids to names.
-- There is no ORDER BY: on a big schema, sorting the rows costs more than the rest of the
-- query; rows are grouped by table and ordered by cid after loading.
SELECT
    m.rowid AS table_id,
    c.cid AS cid,
    c.name AS column_name,
    c.type AS type_name,
    c."notnull" AS not_null,
    c.pk AS pk_position
FROM sqlite_schema AS m
JOIN pragma_table_xinfo(m.name, 'main') AS c
WHERE (m.type = 'table' OR (m.type = 'view' AND ?))
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND m.name NOT LIKE '\_\_%' ESCAPE '\'
