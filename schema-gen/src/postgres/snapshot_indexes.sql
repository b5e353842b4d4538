-- Snapshot, 3 of 6: every index of schema $1's tables except those a constraint owns
-- (they are the constraint), with its full definition: method, keys, expressions, order,
-- uniqueness and partial predicate.
SELECT
    t.relname::text AS table_name,
    i.relname::text AS name,
    pg_get_indexdef(x.indexrelid) AS definition
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE n.nspname = $1
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint AS k
      WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
  )
