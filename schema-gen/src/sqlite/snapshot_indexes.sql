-- Snapshot, 3 of 4: every index's key columns, including the automatic ones behind UNIQUE
-- and PRIMARY KEY constraints (origin 'u' and 'pk'), whose generated names are not used.
SELECT
    m.name AS table_name,
    l.name AS index_name,
    l."unique" AS is_unique,
    l.origin AS origin,
    i.seqno AS seqno,
    i.name AS column_name
FROM sqlite_schema AS m
JOIN pragma_index_list(m.name, 'main') AS l
JOIN pragma_index_xinfo(l.name, 'main') AS i
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND i.key = 1
