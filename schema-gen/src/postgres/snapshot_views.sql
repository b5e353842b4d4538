-- Snapshot, 4 of 6: views and materialized views of schema $1, with their definitions as
-- PostgreSQL normalises them. PostgreSQL folds 'now', 'today' and the like into constants
-- when a view is created, so a view created again a moment later reads differently: the
-- compared definition masks date and time constants of today and yesterday (in the
-- session's time zone, as pg_get_viewdef prints them). A constant a person wrote for today's
-- date is masked too, which is the price of no false alarms after every redo.
SELECT
    c.relname::text AS name,
    c.relkind::text AS kind,
    pg_get_viewdef(c.oid) AS definition,
    regexp_replace(
        pg_get_viewdef(c.oid),
        '''(' || to_char(now(), 'YYYY-MM-DD') || '|'
            || to_char(now() - interval '1 day', 'YYYY-MM-DD')
            || ')[^'']*''::(timestamp|date|time)',
        '''<now>''::\2',
        'g'
    ) AS compared
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relkind IN ('v', 'm')
