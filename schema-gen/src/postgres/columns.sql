-- Every column of every base table in one schema ($1), and of every view when $2
-- (include_views) is set, in one query. Views are the relations information_schema.tables
-- calls VIEW (relkind 'v'), the ones diesel's main branch prints; materialized views are not
-- among them.
--
-- The values are the ones information_schema.columns and obj_description() give diesel_cli,
-- which asks for them table by table; here they come from the catalogs directly:
--   type_name / type_schema  = udt_name / udt_schema: a domain's base type (one level),
--   domain_name / domain_schema for pg_domains_as_custom_types,
--   not_null                 = NOT is_nullable: the column's or its domain's NOT NULL,
--   max_length               = character_maximum_length: char/varchar minus the 4-byte
--                              header, bit/varbit as declared, nothing for arrays.
-- A table without columns still appears once, with NULL column fields.
-- Comments are joined from pg_description rather than read with obj_description() and
-- col_description(): those are SQL functions that run a query of their own for every row,
-- once per column of every table.
SELECT
    c.relname AS table_name,
    c.relkind = 'v' AS is_view,
    td.description AS table_comment,
    a.attname AS column_name,
    COALESCE(bt.typname, t.typname) AS type_name,
    COALESCE(bn.nspname, tn.nspname) AS type_schema,
    CASE WHEN t.typtype = 'd' THEN t.typname END AS domain_name,
    CASE WHEN t.typtype = 'd' THEN tn.nspname END AS domain_schema,
    COALESCE(a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), FALSE) AS not_null,
    CASE
        WHEN m.typmod = -1 THEN NULL
        WHEN m.typid IN (1042, 1043) THEN m.typmod - 4
        WHEN m.typid IN (1560, 1562) THEN m.typmod
    END AS max_length,
    cd.description AS column_comment
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_namespace AS tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type AS bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_namespace AS bn ON bn.oid = bt.typnamespace
LEFT JOIN LATERAL (
    SELECT
        CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS typid,
        CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod
) AS m ON TRUE
LEFT JOIN pg_description AS td
    ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0
LEFT JOIN pg_description AS cd
    ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
WHERE n.nspname = $1
  AND (c.relkind IN ('r', 'p') OR (c.relkind = 'v' AND $2))
  AND c.relname NOT LIKE '\_\_%'
ORDER BY c.relname, a.attnum
