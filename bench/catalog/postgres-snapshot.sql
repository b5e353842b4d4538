-- The facts a snapshot compares, read with the fewest plain queries: columns with their
-- types and defaults, constraints and indexes as SQL, triggers, views, types, sequences.
SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped;
SELECT conrelid, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
WHERE connamespace = 'public'::regnamespace;
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid) FROM pg_index AS x
JOIN pg_class AS c ON c.oid = x.indexrelid
WHERE c.relnamespace = 'public'::regnamespace;
SELECT tgrelid, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal;
SELECT relname, pg_get_viewdef(oid) FROM pg_class
WHERE relnamespace = 'public'::regnamespace AND relkind IN ('v', 'm');
SELECT typname, typtype FROM pg_type
WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd');
SELECT * FROM pg_sequences WHERE schemaname = 'public';
