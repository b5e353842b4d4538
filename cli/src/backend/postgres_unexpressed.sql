-- Objects in schema $1 that schema snapshots do not model and that a generated migration
-- cannot carry by a definition: one label per object. Objects an extension owns are the
-- extension's, and the snapshot has the extension.
SELECT CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' END
       || ' `' || c.relname || '`' AS line
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('p', 'f')
UNION ALL
SELECT 'table `' || c.relname || '` (' || CASE WHEN c.relispartition THEN 'a partition'
       ELSE 'inherits another table' END || ')'
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1
UNION ALL
SELECT 'row security policy `' || p.polname || '` on `' || c.relname || '`'
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1
UNION ALL
SELECT 'row level security on `' || c.relname || '`'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relrowsecurity
UNION ALL
SELECT 'rule `' || r.rulename || '` on `' || c.relname || '`'
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND r.rulename <> '_RETURN'
UNION ALL
SELECT 'grants on `' || c.relname || '`'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relacl IS NOT NULL AND c.relkind IN ('r', 'v', 'm', 'S')
UNION ALL
SELECT CASE t.typtype WHEN 'c' THEN 'composite type' WHEN 'r' THEN 'range type'
       ELSE 'base type' END || ' `' || t.typname || '`'
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1 AND t.typtype IN ('b', 'c', 'r')
  AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  AND t.typelem = 0
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
UNION ALL
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END
       || ' `' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')`'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.prokind IN ('a', 'w')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1
