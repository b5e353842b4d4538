-- Snapshot, 1 of 6: every table of schema $1 with its columns (a table without columns
-- appears once, with NULL column fields): type with length/precision as format_type
-- writes it, nullability, default (or generation) expression, identity and generated kind.
SELECT
    c.relname::text AS table_name,
    a.attnum::integer AS position,
    a.attname::text AS column_name,
    format_type(a.atttypid, a.atttypmod) AS type_name,
    COALESCE(a.attnotnull, false) AS not_null,
    pg_get_expr(d.adbin, d.adrelid) AS default_value,
    NULLIF(a.attidentity::text, '') AS identity,
    NULLIF(a.attgenerated::text, '') AS generated
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef AS d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE n.nspname = $1
  AND c.relkind IN ('r', 'p')
