-- The database's extensions (PL/pgSQL, there in every database, aside), with the schema
-- each is installed in.
SELECT e.extname::text AS name, n.nspname::text AS schema
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname
