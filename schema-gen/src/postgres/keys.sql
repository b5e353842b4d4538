-- Every primary key, unique constraint and foreign key of the tables in one schema ($1), in
-- one query: one row per key column, in key order. For a foreign key, the referenced table
-- and the referenced column at the same position.
SELECT
    c.relname AS table_name,
    con.contype::text AS kind,
    con.conname AS constraint_name,
    a.attname AS column_name,
    pn.nspname AS parent_schema,
    pc.relname AS parent_table,
    pa.attname AS parent_column
FROM pg_constraint AS con
JOIN pg_class AS c ON c.oid = con.conrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
LEFT JOIN pg_class AS pc ON pc.oid = con.confrelid
LEFT JOIN pg_namespace AS pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_attribute AS pa
    ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[k.position::int]
WHERE n.nspname = $1
  AND con.contype IN ('p', 'u', 'f')
  AND c.relkind IN ('r', 'p')
ORDER BY c.relname, con.contype, con.conname, k.position
