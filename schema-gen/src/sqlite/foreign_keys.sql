-- Every foreign key of every user table in one query. A NULL parent column means the key
-- refers to the parent's primary key implicitly; it is resolved after loading.
SELECT
    m.name AS child_table,
    f.id AS fk_id,
    f."table" AS parent_table,
    f."from" AS child_column,
    f."to" AS parent_column
FROM sqlite_schema AS m
JOIN pragma_foreign_key_list(m.name, 'main') AS f
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND m.name NOT LIKE '\_\_%' ESCAPE '\'
ORDER BY m.name, f.id, f.seq
