-- Snapshot, 5 of 6: user triggers on schema $1's tables (internal ones implement foreign
-- keys and are covered by them).
SELECT
    c.relname::text AS table_name,
    t.tgname::text AS name,
    pg_get_triggerdef(t.oid) AS definition
FROM pg_trigger AS t
JOIN pg_class AS c ON c.oid = t.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND NOT t.tgisinternal
