-- The facts print-schema needs, read with the fewest plain queries: every column of every
-- table of the schema (name, type, NOT NULL, length), the keys, and the comments.
SELECT c.relname, a.attnum, a.attname, t.typname, a.attnotnull, a.atttypmod
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_type AS t ON t.oid = a.atttypid
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped;
SELECT conrelid, contype, conname, conkey, confrelid, confkey
FROM pg_constraint
WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f');
SELECT c.relname FROM pg_class AS c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p');
SELECT objoid, objsubid, description FROM pg_description
WHERE classoid = 'pg_class'::regclass;
