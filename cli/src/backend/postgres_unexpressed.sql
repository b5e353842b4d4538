-- Objects that schema snapshots do not model and that a generated migration cannot carry
-- by a definition, in schema $1 (or, for schemas, beside it): one label per object.
-- Objects an extension owns are the extension's, and the snapshot has the extension.
WITH own AS (
    SELECT d.classid, d.objid FROM pg_depend AS d WHERE d.deptype = 'e'
)
SELECT 'schema `' || s.nspname || '`' AS line
FROM pg_namespace AS s
WHERE s.nspname <> $1 AND s.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND s.nspname NOT LIKE 'pg\_temp\_%' AND s.nspname NOT LIKE 'pg\_toast\_temp\_%'
  AND (s.oid, 'pg_namespace'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' END
       || ' `' || c.relname || '`'
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('p', 'f')
  AND (c.oid, 'pg_class'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT 'table `' || c.relname || '` (' || CASE WHEN c.relispartition THEN 'a partition'
       ELSE 'inherits another table' END || ')'
FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
UNION ALL
SELECT CASE WHEN c.relpersistence = 'u' THEN 'unlogged table `' || c.relname || '`'
            WHEN c.relreplident NOT IN ('d', 'n') THEN 'replica identity of `' || c.relname || '`'
            ELSE 'storage options of `' || c.relname || '`' END
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'i', 'm')
  AND (c.relpersistence = 'u' OR (c.relkind = 'r' AND c.relreplident NOT IN ('d', 'n'))
       OR c.reloptions IS NOT NULL)
  AND (c.oid, 'pg_class'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT 'disabled trigger `' || t.tgname || '` on `' || c.relname || '`'
FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND NOT t.tgisinternal AND t.tgenabled <> 'O'
UNION ALL
SELECT 'row security policy `' || p.polname || '` on `' || c.relname || '`'
FROM pg_policy AS p JOIN pg_class AS c ON c.oid = p.polrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
UNION ALL
SELECT 'row level security on `' || c.relname || '`'
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relrowsecurity
UNION ALL
SELECT 'rule `' || r.rulename || '` on `' || c.relname || '`'
FROM pg_rewrite AS r JOIN pg_class AS c ON c.oid = r.ev_class
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND r.rulename <> '_RETURN'
UNION ALL
SELECT 'grants on `' || c.relname || '`'
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relacl IS NOT NULL AND c.relkind IN ('r', 'v', 'm', 'S')
  AND (c.oid, 'pg_class'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT DISTINCT 'column grants on `' || c.relname || '`'
FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND a.attacl IS NOT NULL
  AND (c.oid, 'pg_class'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT 'grants on function `' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)
       || ')`'
FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.proacl IS NOT NULL
  AND (p.oid, 'pg_proc'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT 'default privileges' || COALESCE(' in schema `' || n.nspname || '`', '')
FROM pg_default_acl AS d LEFT JOIN pg_namespace AS n ON n.oid = d.defaclnamespace
UNION ALL
SELECT 'extended statistics `' || s.stxname || '`'
FROM pg_statistic_ext AS s JOIN pg_namespace AS n ON n.oid = s.stxnamespace
WHERE n.nspname = $1
UNION ALL
SELECT CASE t.typtype WHEN 'c' THEN 'composite type' WHEN 'r' THEN 'range type'
       ELSE 'base type' END || ' `' || t.typname || '`'
FROM pg_type AS t JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE n.nspname = $1 AND t.typtype IN ('b', 'c', 'r')
  AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  AND t.typelem = 0
  AND (t.oid, 'pg_type'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT 'grants on type `' || t.typname || '`'
FROM pg_type AS t JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE n.nspname = $1 AND t.typacl IS NOT NULL AND t.typelem = 0
  AND (t.oid, 'pg_type'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END
       || ' `' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')`'
FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.prokind IN ('a', 'w')
  AND (p.oid, 'pg_proc'::regclass) NOT IN (SELECT objid, classid FROM own)
UNION ALL
-- Comments other than on tables, views and their columns (which are carried).
SELECT 'comment on ' || pg_describe_object(d.classoid, d.objoid, d.objsubid)
FROM pg_description AS d
WHERE (pg_identify_object(d.classoid, d.objoid, d.objsubid)).schema = $1
  AND NOT (d.classoid = 'pg_class'::regclass
           AND (SELECT relkind FROM pg_class WHERE oid = d.objoid) IN ('r', 'v', 'm'))
  AND (d.objoid, d.classoid) NOT IN (SELECT objid, classid FROM own)
ORDER BY 1
