-- Snapshot, 4 of 4: every foreign key column pair with the key's actions.
SELECT
    m.name AS table_name,
    f.id AS fk_id,
    f.seq AS seq,
    f."table" AS parent_table,
    f."from" AS child_column,
    f."to" AS parent_column,
    f.on_update AS on_update,
    f.on_delete AS on_delete
FROM sqlite_schema AS m
JOIN pragma_foreign_key_list(m.name, 'main') AS f
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
