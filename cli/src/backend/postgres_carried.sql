-- What a generated migration carries by definition from schema $1: its functions and
-- procedures (not an extension's), and the comments on its tables, views and columns.
-- Columns: stage (0 before the tables; 2 after them, for a function whose arguments or
-- result are the schema's own types or tables; 1 last, for comments), label, create, drop
-- (NULL when dropping the tables drops it).
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_depend AS d JOIN pg_type AS t ON t.oid = d.refobjid
                         WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                           AND d.refclassid = 'pg_type'::regclass
                           AND t.typnamespace = n.oid)
            THEN 2 ELSE 0 END AS stage,
       CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END || ' `' || p.proname
         || '(' || pg_get_function_identity_arguments(p.oid) || ')`' AS label,
       pg_get_functiondef(p.oid) AS "create",
       'DROP ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' '
         || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid)
         || ')' AS "drop"
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 1,
       CASE WHEN d.objsubid = 0 THEN 'comment on `' || c.relname || '`'
            ELSE 'comment on column `' || c.relname || '.' || a.attname || '`' END,
       CASE WHEN d.objsubid = 0
            THEN 'COMMENT ON ' || CASE c.relkind WHEN 'v' THEN 'VIEW'
                 WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END || ' '
                 || quote_ident(c.relname) || ' IS ' || quote_literal(d.description)
            ELSE 'COMMENT ON COLUMN ' || quote_ident(c.relname) || '.' || quote_ident(a.attname)
                 || ' IS ' || quote_literal(d.description) END,
       NULL
FROM pg_description d
JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm')
ORDER BY 1, 2
