-- What `lint` compares between statements, in one round trip: the relations with their
-- storage files, this session's relation locks, CHECK and FOREIGN KEY constraints, each
-- column's NOT NULL flag, and whether a lock_timeout is set.
SELECT 'relation' AS what, c.oid::bigint AS oid, c.relkind::text AS a, c.relname::text AS b,
       '' AS c, c.relfilenode::bigint AS n, COALESCE(i.indrelid, 0)::bigint AS parent,
       false AS flag
FROM pg_class c
JOIN pg_namespace ns ON ns.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')
  AND ns.nspname NOT IN ('pg_catalog', 'information_schema')
  AND ns.nspname NOT LIKE 'pg\_toast%' AND ns.nspname NOT LIKE 'pg\_temp%'
UNION ALL
SELECT 'lock', l.relation::bigint, l.mode, '', '', 0, 0, false
FROM pg_locks l
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
UNION ALL
SELECT 'constraint', co.oid::bigint, co.contype::text, co.conname::text,
       pg_get_constraintdef(co.oid), co.confrelid::bigint, co.conrelid::bigint, co.convalidated
FROM pg_constraint co
JOIN pg_namespace ns ON ns.oid = co.connamespace
WHERE co.contype IN ('c', 'f') AND co.conrelid <> 0
  AND ns.nspname NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT 'column', a.attrelid::bigint, a.attname::text, '', '', a.attnum::bigint, 0, a.attnotnull
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace ns ON ns.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
  AND ns.nspname NOT IN ('pg_catalog', 'information_schema')
  AND ns.nspname NOT LIKE 'pg\_toast%' AND ns.nspname NOT LIKE 'pg\_temp%'
UNION ALL
SELECT 'setting', 0, current_setting('lock_timeout'), '', '', 0, 0, false
