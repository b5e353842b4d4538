-- Snapshot, 2 of 6: every primary key, unique, foreign key, check and exclusion constraint
-- on the tables of schema $1, as PostgreSQL itself writes it (pg_get_constraintdef).
SELECT
    c.relname::text AS table_name,
    k.conname::text AS name,
    k.contype::text AS kind,
    pg_get_constraintdef(k.oid) AS definition,
    parent.relname::text AS parent_table
FROM pg_constraint AS k
JOIN pg_class AS c ON c.oid = k.conrelid
LEFT JOIN pg_class AS parent ON parent.oid = k.confrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND k.contype IN ('p', 'u', 'f', 'c', 'x')
