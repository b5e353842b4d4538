-- Snapshot, 6 of 6: schema $1's enums (labels in order), domains (base type, NOT NULL,
-- default, constraints), sequences (their parameters, not their current value; an identity
-- column's own are told apart, as its table creates them), and the
-- database's extensions with their versions (plpgsql is always there).
SELECT 'enum' AS kind, t.typname::text AS name,
    (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
     FROM pg_enum AS e WHERE e.enumtypid = t.oid) AS definition
FROM pg_type AS t
JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE n.nspname = $1 AND t.typtype = 'e'
UNION ALL
SELECT 'domain', t.typname::text,
    format_type(t.typbasetype, t.typtypmod)
    || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
    || COALESCE(' DEFAULT ' || t.typdefault, '')
    || COALESCE((SELECT ' ' || string_agg('CONSTRAINT ' || quote_ident(k.conname) || ' '
                                          || pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname)
                 FROM pg_constraint AS k WHERE k.contypid = t.oid), '')
FROM pg_type AS t
JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE n.nspname = $1 AND t.typtype = 'd'
UNION ALL
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_depend AS d
                        WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass
                          AND d.deptype = 'i')
            THEN 'identity sequence' ELSE 'sequence' END,
    s.sequencename::text,
    format('AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s',
           s.data_type, s.increment_by, s.min_value, s.max_value, s.start_value,
           s.cache_size, CASE WHEN s.cycle THEN ' CYCLE' ELSE '' END)
FROM pg_sequences AS s
WHERE s.schemaname = $1
UNION ALL
SELECT 'extension', e.extname::text, e.extversion
FROM pg_extension AS e
WHERE e.extname <> 'plpgsql'
