-- Snapshot, 2 of 4: every column with its declared type, nullability, default, primary key
-- position and generated kind (table_xinfo's `hidden`: 2 virtual, 3 stored).
SELECT
    m.name AS table_name,
    c.cid AS cid,
    c.name AS column_name,
    c.type AS type_name,
    c."notnull" AS not_null,
    c.dflt_value AS default_value,
    c.pk AS pk_position,
    c.hidden AS hidden
FROM sqlite_schema AS m
JOIN pragma_table_xinfo(m.name, 'main') AS c
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
