-- Snapshot, 4 of 6: views and materialized views of schema $1, with their definitions as
-- PostgreSQL normalises them.
SELECT
    c.relname::text AS name,
    c.relkind::text AS kind,
    pg_get_viewdef(c.oid) AS definition
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relkind IN ('v', 'm')
